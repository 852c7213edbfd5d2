namespace Rectify.Web.LedgerIO;

/// <summary>What an import did.</summary>
public sealed record ImportOutcome(bool Succeeded, string? Message, Guid ProblemListId, int Created, int Skipped)
{
    /// <summary>Nothing was imported, for this reason.</summary>
    public static ImportOutcome Failed(string? message) => new(false, message, Guid.Empty, 0, 0);
}
