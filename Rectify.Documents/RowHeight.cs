namespace Rectify.Documents;

/// <summary>
/// Row heights for wrapped text. Neither Excel nor LibreOffice reliably grows a row to fit wrapped text in a file they
/// did not write, so the height is estimated here: Chinese characters take about two column-width units at the sheet's
/// 10 pt font, other characters one; each line is 13.5 pt.
/// </summary>
public static class RowHeight
{
    private const double LinePoints = 13.5;
    private const double Padding = 4;
    private const double MaxPoints = 409; // Excel's largest row height

    public static double For(IReadOnlyList<string?> values, IReadOnlyList<double> columnWidths)
    {
        var lines = 1;
        for (var i = 0; i < values.Count && i < columnWidths.Count; i++)
        {
            lines = Math.Max(lines, Lines(values[i], columnWidths[i]));
        }

        return Math.Min(MaxPoints, Math.Round((lines * LinePoints) + Padding, 1));
    }

    public static int Lines(string? text, double columnWidth)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 1;
        }

        // A little of each column is cell padding.
        var usable = Math.Max(1, columnWidth - 1);
        var lines = 0;
        // Paragraph by paragraph (as text.Split('\n'), without the copies).
        var width = 0.0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines += Math.Max(1, (int)Math.Ceiling(width / usable));
                width = 0.0;
            }
            else
            {
                width += c > '\u2E80' ? 2 : 1.1;
            }
        }

        return lines + Math.Max(1, (int)Math.Ceiling(width / usable));
    }
}
