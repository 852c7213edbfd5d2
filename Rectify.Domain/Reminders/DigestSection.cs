namespace Rectify.Domain.Reminders;

/// <summary>
/// One section of a person's daily digest. The order is the order of urgency in which the mail shows them: what is already
/// late and in the reader's own hands first, then what others wait on them for, then what they oversee, then what is coming.
/// </summary>
public enum DigestSection
{
    /// <summary>已逾期: the reader's own items past their deadline.</summary>
    Overdue = 0,
    /// <summary>长期坚持未报送进展: the reader's long-term items whose periodic progress report is missing.</summary>
    LongTermReportMissing = 1,
    /// <summary>待您审核: sign-off and extension requests waiting for the reader's decision.</summary>
    AwaitingDecision = 2,
    /// <summary>逾期督办: items the reader is 责任领导 of, overdue past the escalation threshold.</summary>
    LeaderEscalation = 3,
    /// <summary>逾期督办 (administrators): items overdue long enough to reach the 党建办.</summary>
    AdminEscalation = 4,
    /// <summary>今天到期.</summary>
    DueToday = 5,
    /// <summary>即将到期.</summary>
    DueSoon = 6,
}
