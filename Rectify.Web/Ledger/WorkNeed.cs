namespace Rectify.Web.Ledger;

/// <summary>What an item in 我的待办 needs from the signed-in user; an item can need several things at once.</summary>
[Flags]
public enum WorkNeed
{
    None = 0,
    /// <summary>已逾期: the deadline passed and the item is not finished.</summary>
    Overdue = 1,
    /// <summary>待审核销号: a leader must approve or send back the sign-off request.</summary>
    SignOff = 2,
    /// <summary>待审批延期: a leader must decide an extension request.</summary>
    Extension = 4,
    /// <summary>待填报进展: the owner (or the branch's secretary) must report progress or ask for sign-off.</summary>
    Progress = 8,
}
