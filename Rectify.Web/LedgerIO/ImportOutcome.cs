namespace Rectify.Web.LedgerIO;

/// <summary>What an import did.</summary>
public sealed record ImportOutcome(bool Succeeded, string? Message, Guid ProblemListId, int Created, int Skipped);
