namespace Rectify.Web.Admin;

/// <summary>One organisation as the administration tree shows it: in tree order, with its depth.</summary>
public sealed record OrganizationNode(int Id, string Name, OrganizationLevel Level, int? ParentId, bool IsActive, int Depth, int MemberCount);
