namespace Rectify.Domain.Ledger;

/// <summary>问题来源: the occasion at which problems were found.</summary>
public enum ProblemSource
{
    /// <summary>民主生活会</summary>
    DemocraticLifeMeeting = 0,
    /// <summary>组织生活会</summary>
    OrganizationalLifeMeeting = 1,
    /// <summary>述职评议·自己查摆</summary>
    ReviewSelf = 2,
    /// <summary>述职评议·上级点评</summary>
    ReviewSuperior = 3,
    /// <summary>述职评议·群众评议</summary>
    ReviewPublic = 4,
    /// <summary>巡视巡察反馈</summary>
    Inspection = 5,
    /// <summary>督查检查</summary>
    Supervision = 6,
    /// <summary>审计</summary>
    Audit = 7,
    /// <summary>其他</summary>
    Other = 8,
}
