namespace Rectify.Web.Recurrence;

/// <summary>What a scan of existing items did: items looked at, pairs newly proposed for an administrator to confirm.</summary>
public sealed record RecurrenceScanResult(int Checked, int Proposed);
