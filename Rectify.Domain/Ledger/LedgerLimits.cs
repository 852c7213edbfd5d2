namespace Rectify.Domain.Ledger;

/// <summary>Maximum text lengths, in one place so the persistence mapping uses the same numbers.</summary>
public static class LedgerLimits
{
    public const int OrganizationName = 100;
    public const int ProblemListTitle = 200;
    public const int ItemNumber = 100;
    public const int Description = 2000;
    public const int Category = 50;
    public const int UserId = 450;
    public const int LongTermMechanism = 2000;
    public const int CompletionSummary = 2000;
    public const int Remarks = 500;
    public const int MeasureText = 500;
    public const int ProgressText = 4000;
    public const int FileName = 255;
    public const int ContentType = 255;
    public const int StorageKey = 500;
    public const int Reason = 1000;
}
