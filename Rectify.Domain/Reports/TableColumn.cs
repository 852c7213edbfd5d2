using System.Text.RegularExpressions;

namespace Rectify.Domain.Reports;

/// <summary>What a column of a problem table (序号 | 问题 | 措施 | 时限 | 责任人 …) holds.</summary>
internal enum TableColumn
{
    Unknown,
    Number,
    Problem,
    Cause,
    Measures,
    Deadline,
    Owner,
    Leader,
    Organization,
    /// <summary>A column that is recognised but not taken (问题来源, 类别, 整改进展, 完成情况, 备注).</summary>
    Ignored,
}

/// <summary>Reads a table's header cells. Units name their columns differently; the keywords are what they share.</summary>
internal static partial class TableColumns
{
    /// <summary>Longest header cell text; longer cells are data, not a header.</summary>
    private const int MaxHeaderLength = 12;

    // Checked in this order: 问题来源 and 问题类别 are not the problem, 责任领导 is not the owner.
    private static readonly (Regex Pattern, TableColumn Column)[] Rules =
    [
        (NumberRegex(), TableColumn.Number),
        (IgnoredRegex(), TableColumn.Ignored),
        (CauseRegex(), TableColumn.Cause),
        (MeasuresRegex(), TableColumn.Measures),
        (DeadlineRegex(), TableColumn.Deadline),
        (LeaderRegex(), TableColumn.Leader),
        (OwnerRegex(), TableColumn.Owner),
        (OrganizationRegex(), TableColumn.Organization),
        (ProblemRegex(), TableColumn.Problem),
    ];

    [GeneratedRegex("^(序号|编号|序|号|No\\.?)$", RegexOptions.IgnoreCase)]
    private static partial Regex NumberRegex();

    [GeneratedRegex("来源|类别|分类|类型|进展|完成情况|整改情况|备注|说明|销号")]
    private static partial Regex IgnoredRegex();

    [GeneratedRegex("原因|根源")]
    private static partial Regex CauseRegex();

    [GeneratedRegex("措施|举措|对策|整改(方案|计划|内容|任务|目标)|下一步")]
    private static partial Regex MeasuresRegex();

    [GeneratedRegex("时限|期限|时间|日期|截止")]
    private static partial Regex DeadlineRegex();

    [GeneratedRegex("领导")]
    private static partial Regex LeaderRegex();

    [GeneratedRegex("责任人|负责人|承办人")]
    private static partial Regex OwnerRegex();

    [GeneratedRegex("单位|部门|科室|支部|党组织")]
    private static partial Regex OrganizationRegex();

    [GeneratedRegex("问题|不足|差距|短板|弱项|表现")]
    private static partial Regex ProblemRegex();

    /// <summary>
    /// The columns of a header row, or null when the cells are not a header: every non-empty cell short and without a
    /// sentence end, at least two recognised columns, and a problem or a measures column among them.
    /// </summary>
    public static TableColumn[]? TryHeader(IReadOnlyList<string> cells)
    {
        var columns = new TableColumn[cells.Count];
        var recognised = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i].Replace(" ", "", StringComparison.Ordinal);
            if (cell.Length == 0)
            {
                continue;
            }

            if (cell.Length > MaxHeaderLength || cell.IndexOfAny(['。', '；', ';', '，']) >= 0)
            {
                return null;
            }

            columns[i] = Rules.FirstOrDefault(r => r.Pattern.IsMatch(cell)).Column;
            if (columns[i] != TableColumn.Unknown)
            {
                recognised++;
            }
        }

        return recognised >= 2 && columns.Any(c => c is TableColumn.Problem or TableColumn.Measures) ? columns : null;
    }
}
