using Rectify.Domain.Ledger;

namespace Rectify.Domain.Reminders;

/// <summary>
/// The slice of a rectification item (整改事项) the reminder policy needs. The job loads these; the policy never does I/O.
/// </summary>
/// <param name="ItemId">The item's id.</param>
/// <param name="Number">编号, as shown in the ledger.</param>
/// <param name="Title">A short description (问题描述, shortened) for the mail line.</param>
/// <param name="Status">Current status; overdue is derived, not stored.</param>
/// <param name="DeadlineType">立行立改 / 限期整改 use <paramref name="Deadline"/>; 长期坚持 uses <paramref name="Period"/>.</param>
/// <param name="Deadline">整改时限 for 立行立改 and 限期整改 (the day itself is not overdue). Ignored for 长期坚持.</param>
/// <param name="Period">How often a 长期坚持 item must report progress. Ignored for the other deadline types.</param>
/// <param name="CreatedOn">When the item was created; the first reporting period of a 长期坚持 item runs from here.</param>
/// <param name="LastProgressDate">The date of the latest 整改进展, if any.</param>
/// <param name="OwnerId">责任人 (user id).</param>
/// <param name="LeaderId">责任领导 (user id).</param>
/// <param name="SignOffRequestedAt">When the owner asked for sign-off (销号申请); relevant while <see cref="ItemStatus.AwaitingSignOff"/>.</param>
/// <param name="PendingExtensionRequestedAt">When a still undecided extension (延期申请) was requested; null when none is pending.</param>
/// <param name="ResponsibleOrganizationId">责任单位.</param>
public sealed record ReminderItem(
    Guid ItemId,
    string Number,
    string Title,
    ItemStatus Status,
    DeadlineType DeadlineType,
    DateOnly? Deadline,
    ReportingPeriod? Period,
    DateOnly CreatedOn,
    DateOnly? LastProgressDate,
    string OwnerId,
    string LeaderId,
    DateTimeOffset? SignOffRequestedAt,
    DateTimeOffset? PendingExtensionRequestedAt,
    int ResponsibleOrganizationId);
