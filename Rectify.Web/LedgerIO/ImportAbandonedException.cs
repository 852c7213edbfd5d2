namespace Rectify.Web.LedgerIO;

/// <summary>An import run found itself no longer running (rolled back by <see cref="ImportRecovery"/> meanwhile): it writes nothing more.</summary>
public sealed class ImportAbandonedException(Guid runId) : Exception($"Import run {runId} is no longer running.")
{
    public Guid RunId { get; } = runId;
}
