namespace Rectify.Documents;

/// <summary>How a sheet is laid out and printed.</summary>
public sealed record XlsxSheetLayout
{
    public required IReadOnlyList<double> ColumnWidths { get; init; }

    /// <summary>Rows above this stay visible when scrolling (frozen pane), 0 for none.</summary>
    public int FrozenRows { get; init; }

    /// <summary>The 1-based header row repeated on every printed page and carrying the auto-filter, or null.</summary>
    public int? HeaderRow { get; init; }

    /// <summary>Rows whose cells are merged across all columns (title lines).</summary>
    public IReadOnlyList<int> FullWidthRows { get; init; } = [];

    public bool Landscape { get; init; }

    /// <summary>Printed page footer in Excel's header/footer codes, e.g. "&amp;C第 &amp;P 页，共 &amp;N 页".</summary>
    public string? Footer { get; init; }
}
