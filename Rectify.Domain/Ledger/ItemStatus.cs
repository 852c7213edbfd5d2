namespace Rectify.Domain.Ledger;

/// <summary>The life of a rectification item. Overdue is not a state: it is derived from the deadline.</summary>
public enum ItemStatus
{
    /// <summary>待整改</summary>
    Open = 0,
    /// <summary>整改中</summary>
    InProgress = 1,
    /// <summary>待销号: the owner asked for sign-off.</summary>
    AwaitingSignOff = 2,
    /// <summary>已审核: the leader approved; the scheduler closes it.</summary>
    SignedOff = 3,
    /// <summary>已销号</summary>
    Closed = 4,
}
