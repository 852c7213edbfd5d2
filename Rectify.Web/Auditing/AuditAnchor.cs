namespace Rectify.Web.Auditing;

/// <summary>
/// A point of the audit chain written down outside the AuditEntries table: the sealed entry at the head (its id and hash),
/// how many sealed entries there were up to it, and when. As long as one anchor survives somewhere the table's owner cannot
/// reach (a mailed copy, a backup off the machine), deleting or re-sealing entries up to its head is found.
/// </summary>
/// <param name="Source">Where it was read from (e.g. "latest", "history", a backup's folder name, "command line").</param>
public sealed record AuditAnchor(long HeadId, string HeadHash, long Count, DateTimeOffset At, string Source = "")
{
    /// <summary>The short form mailed to administrators and accepted by <c>verify-audit --anchor</c>: "ID:HASH".</summary>
    public string Token => $"{HeadId}:{HeadHash}";

    /// <summary>Parses "ID:HASH" (the count is not needed to check an anchor; 0 means "not checked").</summary>
    public static AuditAnchor? Parse(string token, string source)
    {
        var parts = token.Trim().Split(':');
        return parts.Length == 2 && long.TryParse(parts[0], out var id) && id > 0 && parts[1].Length == 64 && parts[1].All(Uri.IsHexDigit)
            ? new AuditAnchor(id, parts[1].ToLowerInvariant(), 0, DateTimeOffset.MinValue, source)
            : null;
    }
}
