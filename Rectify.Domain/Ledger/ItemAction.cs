namespace Rectify.Domain.Ledger;

/// <summary>
/// What a person can do to a rectification item. <see cref="RectificationItem.AvailableActions"/> answers which of these an
/// actor may do now, from the same guards the aggregate's methods run before they change anything.
/// </summary>
public enum ItemAction
{
    /// <summary>Add or change measures (<see cref="RectificationItem.AddMeasure"/>, <see cref="RectificationItem.UpdateMeasure"/>).</summary>
    EditMeasures,

    /// <summary><see cref="RectificationItem.AddProgress"/>.</summary>
    AddProgress,

    /// <summary><see cref="RectificationItem.AttachEvidence"/>.</summary>
    AttachEvidence,

    /// <summary><see cref="RectificationItem.RequestSignOff"/>.</summary>
    RequestSignOff,

    /// <summary>Approve or send back a sign-off (<see cref="RectificationItem.ApproveSignOff"/>, <see cref="RectificationItem.SendBack"/>).</summary>
    DecideSignOff,

    /// <summary><see cref="RectificationItem.RequestExtension"/>.</summary>
    RequestExtension,

    /// <summary>Approve or refuse the pending extension request (<see cref="RectificationItem.DecideExtension"/>).</summary>
    DecideExtension,

    /// <summary><see cref="RectificationItem.Reopen"/>.</summary>
    Reopen,

    /// <summary><see cref="RectificationItem.UpdateDetails"/>.</summary>
    EditDetails,

    /// <summary><see cref="RectificationItem.MarkRecurrence"/> (屡查屡犯), in any state.</summary>
    MarkRecurrence,
}
