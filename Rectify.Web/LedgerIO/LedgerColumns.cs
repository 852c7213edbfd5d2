namespace Rectify.Web.LedgerIO;

/// <summary>
/// Column headers and widths. The headers are the users' own words and identify the columns on import, so they are
/// fixed Chinese (not translated with the UI language): a sheet exported in English mode still imports.
/// </summary>
public static class LedgerColumns
{
    /// <summary>The twelve ledger columns, in order.</summary>
    public static IReadOnlyList<LedgerColumn> Ledger { get; } =
    [
        LedgerColumn.Sequence, LedgerColumn.Source, LedgerColumn.Description, LedgerColumn.Measures, LedgerColumn.Leader,
        LedgerColumn.Organization, LedgerColumn.Owner, LedgerColumn.Deadline, LedgerColumn.Progress, LedgerColumn.Completion,
        LedgerColumn.ClosedOn, LedgerColumn.Remarks,
    ];

    /// <summary>Columns an import cannot do without.</summary>
    public static IReadOnlyList<LedgerColumn> Required { get; } =
        [LedgerColumn.Description, LedgerColumn.Organization, LedgerColumn.Owner, LedgerColumn.Leader, LedgerColumn.Deadline];

    public static string Header(LedgerColumn column) => column switch
    {
        LedgerColumn.Sequence => "序号",
        LedgerColumn.Source => "问题来源",
        LedgerColumn.Description => "问题描述",
        LedgerColumn.Measures => "整改措施",
        LedgerColumn.Leader => "责任领导",
        LedgerColumn.Organization => "责任单位",
        LedgerColumn.Owner => "责任人",
        LedgerColumn.Deadline => "整改时限",
        LedgerColumn.Progress => "整改进展",
        LedgerColumn.Completion => "完成情况",
        LedgerColumn.ClosedOn => "销号时间",
        LedgerColumn.Remarks => "备注",
        LedgerColumn.Category => "问题类别",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>Width in Excel character units: wide for text, narrow for names and dates; fits A4 landscape at ~70%.</summary>
    public static double Width(LedgerColumn column) => column switch
    {
        LedgerColumn.Sequence => 5,
        LedgerColumn.Source => 11,
        LedgerColumn.Description => 30,
        LedgerColumn.Measures => 30,
        LedgerColumn.Leader => 8,
        LedgerColumn.Organization => 12,
        LedgerColumn.Owner => 7,
        LedgerColumn.Deadline => 12,
        LedgerColumn.Progress => 26,
        LedgerColumn.Completion => 18,
        LedgerColumn.ClosedOn => 11,
        LedgerColumn.Remarks => 10,
        LedgerColumn.Category => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    /// <summary>Finds the column a header names, tolerating spaces, line breaks and required-markers (*, ＊, （必填）).</summary>
    public static LedgerColumn? FromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var normalized = string.Concat(header.Where(c => !char.IsWhiteSpace(c) && c != '*' && c != '＊'))
            .Replace("（必填）", "", StringComparison.Ordinal).Replace("(必填)", "", StringComparison.Ordinal);
        foreach (var column in Enum.GetValues<LedgerColumn>())
        {
            if (Header(column) == normalized)
            {
                return column;
            }
        }

        return normalized switch
        {
            "编号" => LedgerColumn.Sequence,
            "存在问题" or "问题" or "问题内容" => LedgerColumn.Description,
            "整改时间" or "完成时限" => LedgerColumn.Deadline,
            "类别" or "问题类型" => LedgerColumn.Category,
            _ => null,
        };
    }
}
