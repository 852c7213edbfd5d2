namespace Rectify.Domain.Ledger;

/// <summary>What an administrator sets when creating or editing an item (台账 columns other than progress and status).</summary>
/// <param name="Deadline">Required unless <paramref name="DeadlineType"/> is <see cref="DeadlineType.LongTerm"/>, which has none.</param>
/// <param name="Period">Required for <see cref="DeadlineType.LongTerm"/> only.</param>
public sealed record ItemDetails(
    string Description,
    string Category,
    int ResponsibleOrganizationId,
    string OwnerId,
    string LeaderId,
    DeadlineType DeadlineType,
    DateOnly? Deadline,
    ReportingPeriod? Period = null,
    string? Remarks = null);
