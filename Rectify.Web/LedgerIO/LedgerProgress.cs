namespace Rectify.Web.LedgerIO;

/// <summary>How far a long import or export has got; <see cref="Total"/> is null while unknown.</summary>
public sealed record LedgerProgress(LedgerPhase Phase, int Done, int? Total)
{
    public int? Percent => Total is > 0 ? (int)Math.Min(100, Done * 100L / Total.Value) : null;
}
