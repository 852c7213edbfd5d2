namespace Rectify.Domain.Organizations;

/// <summary>The three levels of a bureau's party organisation (三级联动).</summary>
public enum OrganizationLevel
{
    /// <summary>党委/党组</summary>
    PartyCommittee = 0,
    /// <summary>党总支</summary>
    GeneralBranch = 1,
    /// <summary>党支部</summary>
    Branch = 2,
}
