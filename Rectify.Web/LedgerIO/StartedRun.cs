namespace Rectify.Web.LedgerIO;

/// <summary>
/// A run recorded as running (<see cref="ImportRuns.StartAsync"/>): its list (found, or created in the same transaction), the
/// first free item number, the planned items the list does not have yet, and how many rows are skipped in all.
/// </summary>
public sealed record StartedRun(Guid Id, ProblemList List, int FirstSequence, IReadOnlyList<PlannedItem> Planned, int Skipped, bool Sqlite);
