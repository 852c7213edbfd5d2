namespace Rectify.Domain.Ledger;

/// <summary>问题来源 in the users' own words, for the ledger, item numbers and Excel import.</summary>
public static class ProblemSourceNames
{
    private static readonly NameTable<ProblemSource> _table = new(new()
    {
        [ProblemSource.DemocraticLifeMeeting] = "民主生活会",
        [ProblemSource.OrganizationalLifeMeeting] = "组织生活会",
        [ProblemSource.ReviewSelf] = "述职评议·自己查摆",
        [ProblemSource.ReviewSuperior] = "述职评议·上级点评",
        [ProblemSource.ReviewPublic] = "述职评议·群众评议",
        [ProblemSource.Inspection] = "巡视巡察反馈",
        [ProblemSource.Supervision] = "督查检查",
        [ProblemSource.Audit] = "审计",
        [ProblemSource.Other] = "其他",
    });

    public static string Name(ProblemSource source) => _table.Name(source);

    public static bool TryParse(string? text, out ProblemSource source)
    {
        var ok = _table.TryParse(text, out var value);
        source = value.GetValueOrDefault();
        return ok;
    }

    /// <exception cref="DomainException"><c>problem_source.unknown</c> when the text names no source.</exception>
    public static ProblemSource Parse(string? text) =>
        TryParse(text, out var source)
            ? source
            : throw new DomainException("problem_source.unknown", text?.Trim() ?? "");
}
