using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;

namespace Rectify.Documents;

/// <summary>
/// Writes one sheet's rows in order; the layout's tail (merges, filter, print setup) is written on dispose.
/// The sheet's head and tail are written with <see cref="XmlWriter"/>; its rows are markup built here, with the text escaped
/// here, and encoded to UTF-8 in large runs straight into the zip entry: the Open XML SDK's OpenXmlWriter cost about 5 µs
/// per cell (an element object, attribute list and namespace lookup per call), and XmlWriter.WriteRaw, which encodes and
/// checks one character at a time, was still a third of the export's time at 70,000 items (docs/performance.md).
/// </summary>
public sealed class XlsxSheetWriter : IDisposable
{
    private const string MainNs = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly string[] ColumnLetters = [.. Enumerable.Range(0, 64).Select(XlsxColumns.Letters)];
    private static readonly string[] StyleNumbers = [.. Enumerable.Range(0, 2 * (int)XlsxWriter.QuotedStyleOffset).Select(Invariant)];
    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create("&<>");
    private readonly Stream _stream;
    private readonly XmlWriter _writer;
    private readonly XlsxSheetLayout _layout;
    private const int RunLength = 32 * 1024;
    private char[] _buffer = new char[RunLength + 4096];
    private byte[] _bytes = [];
    private int _length;
    private string _rowText = "0";
    private int _rowIndex;
    private int _column;
    private bool _inRow;

    internal XlsxSheetWriter(Stream stream, XlsxSheetLayout layout, bool selected)
    {
        _stream = stream;
        _layout = layout;
        _writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), CloseOutput = false });
        _writer.WriteStartDocument(true);
        _writer.WriteStartElement("worksheet", MainNs);
        _writer.WriteAttributeString("xmlns", "r", null, "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        if (layout.Landscape)
        {
            // Fit to one page wide; as many pages tall as needed.
            _writer.WriteStartElement("sheetPr", MainNs);
            Empty("pageSetUpPr", ("fitToPage", "1"));
            _writer.WriteEndElement();
        }

        _writer.WriteStartElement("sheetViews", MainNs);
        _writer.WriteStartElement("sheetView", MainNs);
        if (selected)
        {
            _writer.WriteAttributeString("tabSelected", "1");
        }

        _writer.WriteAttributeString("workbookViewId", "0");
        if (layout.FrozenRows > 0)
        {
            var topLeft = $"A{layout.FrozenRows + 1}";
            Empty("pane", ("ySplit", Invariant(layout.FrozenRows)), ("topLeftCell", topLeft), ("activePane", "bottomLeft"), ("state", "frozen"));
            Empty("selection", ("pane", "bottomLeft"), ("activeCell", topLeft), ("sqref", topLeft));
        }

        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.WriteStartElement("cols", MainNs);
        for (var i = 0; i < layout.ColumnWidths.Count; i++)
        {
            Empty("col", ("min", Invariant(i + 1)), ("max", Invariant(i + 1)), ("width", Invariant(layout.ColumnWidths[i])), ("customWidth", "1"));
        }

        _writer.WriteEndElement();
        _writer.WriteStartElement("sheetData", MainNs);
        // Closes the start tag and hands everything to the entry: from here the rows go to the stream directly (Flush).
        _writer.WriteRaw(string.Empty);
        _writer.Flush();
    }

    internal bool IsDisposed { get; private set; }

    /// <summary>The 1-based index of the row being written (or last written).</summary>
    public int RowIndex => _rowIndex;

    public void StartRow(double? height = null)
    {
        EndRowIfOpen();
        _rowIndex++;
        _rowText = Invariant(_rowIndex);
        _column = 0;
        Append("<row r=\"").Append(_rowText).Append('"');
        if (height is double h)
        {
            Append(" ht=\"").Append(Invariant(h)).Append("\" customHeight=\"1\"");
        }

        Append('>');
        Flush();
        _inRow = true;
    }

    /// <summary>A text cell (inline string); null or empty writes a styled empty cell so borders stay continuous.</summary>
    public void Text(string? value, XlsxStyle style)
    {
        var clean = Clean(value);
        CellStart(LooksLikeFormula(clean) ? (uint)style + XlsxWriter.QuotedStyleOffset : (uint)style);
        if (string.IsNullOrEmpty(clean))
        {
            Append("/>");
        }
        else
        {
            Append(" t=\"inlineStr\"><is><t").Append(char.IsWhiteSpace(clean[0]) || char.IsWhiteSpace(clean[^1]) ? " xml:space=\"preserve\">" : ">");
            AppendEscaped(clean);
            Append("</t></is></c>");
        }

        Flush();
    }

    public void Number(double value, XlsxStyle style)
    {
        CellStart(style);
        Append("><v>").Append(Invariant(value)).Append("</v></c>");
        Flush();
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        IsDisposed = true;
        EndRowIfOpen();
        WriteRun();
        _writer.WriteEndElement(); // sheetData
        var lastColumn = XlsxColumns.Letters(Math.Max(0, _layout.ColumnWidths.Count - 1));
        if (_layout.HeaderRow is int header && _rowIndex > header)
        {
            Empty("autoFilter", ("ref", $"A{header}:{lastColumn}{_rowIndex}"));
        }

        if (_layout.FullWidthRows.Count > 0)
        {
            _writer.WriteStartElement("mergeCells", MainNs);
            _writer.WriteAttributeString("count", Invariant(_layout.FullWidthRows.Count));
            foreach (var row in _layout.FullWidthRows)
            {
                Empty("mergeCell", ("ref", $"A{row}:{lastColumn}{row}"));
            }

            _writer.WriteEndElement();
        }

        Empty("printOptions", ("horizontalCentered", "1"));
        Empty("pageMargins", ("left", "0.4"), ("right", "0.4"), ("top", "0.6"), ("bottom", "0.6"), ("header", "0.3"), ("footer", "0.3"));
        if (_layout.Landscape)
        {
            Empty("pageSetup", ("paperSize", "9"), ("orientation", "landscape"), ("fitToWidth", "1"), ("fitToHeight", "0"));
        }
        else
        {
            Empty("pageSetup", ("paperSize", "9"), ("orientation", "portrait"));
        }

        if (_layout.Footer is { } footer)
        {
            _writer.WriteStartElement("headerFooter", MainNs);
            _writer.WriteElementString("oddFooter", MainNs, footer);
            _writer.WriteEndElement();
        }

        _writer.WriteEndElement(); // worksheet
        _writer.WriteEndDocument();
        _writer.Dispose();
        _stream.Dispose();
    }

    private void Empty(string name, params (string Name, string Value)[] attributes)
    {
        _writer.WriteStartElement(name, MainNs);
        foreach (var (attribute, value) in attributes)
        {
            _writer.WriteAttributeString(attribute, value);
        }

        _writer.WriteEndElement();
    }

    private void EndRowIfOpen()
    {
        if (_inRow)
        {
            Append("</row>");
            Flush();
            _inRow = false;
        }
    }

    private void CellStart(XlsxStyle style) => CellStart((uint)style);

    private void CellStart(uint style)
    {
        var letters = _column < ColumnLetters.Length ? ColumnLetters[_column] : XlsxColumns.Letters(_column);
        _column++;
        Append("<c r=\"").Append(letters).Append(_rowText).Append("\" s=\"").Append(style < StyleNumbers.Length ? StyleNumbers[style] : Invariant(style)).Append('"');
    }

    private XlsxSheetWriter Append(string text)
    {
        Reserve(text.Length);
        text.CopyTo(0, _buffer, _length, text.Length);
        _length += text.Length;
        return this;
    }

    private XlsxSheetWriter Append(char c)
    {
        Reserve(1);
        _buffer[_length++] = c;
        return this;
    }

    /// <summary>Element text: only &amp;, &lt; and &gt; need escaping (Clean has already removed what XML cannot carry).</summary>
    private void AppendEscaped(string text)
    {
        var rest = text.AsSpan();
        while (true)
        {
            var next = rest.IndexOfAny(Escaped);
            var plain = next < 0 ? rest : rest[..next];
            Reserve(plain.Length);
            plain.CopyTo(_buffer.AsSpan(_length));
            _length += plain.Length;
            if (next < 0)
            {
                return;
            }

            Append(rest[next] switch { '&' => "&amp;", '<' => "&lt;", _ => "&gt;" });
            rest = rest[(next + 1)..];
        }
    }

    private void Reserve(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }

    /// <summary>After a whole cell or row (never inside a surrogate pair): the markup collected so far goes out once it is long.</summary>
    private void Flush()
    {
        if (_length >= RunLength)
        {
            WriteRun();
        }
    }

    /// <summary>The markup collected so far, as UTF-8, to the entry (the XmlWriter has nothing pending: see the constructor).</summary>
    private void WriteRun()
    {
        var needed = Encoding.UTF8.GetMaxByteCount(_length);
        if (_bytes.Length < needed)
        {
            _bytes = new byte[needed];
        }

        _stream.Write(_bytes, 0, Encoding.UTF8.GetBytes(_buffer, 0, _length, _bytes, 0));
        _length = 0;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Text that a spreadsheet would take for a formula (or, after a leading tab, turn into one) if it were typed: "=", "+",
    /// "-", "@" and tab (a lone CR never reaches here: <see cref="Clean"/> drops it). An inline string is not evaluated
    /// when the file opens; the quotePrefix style keeps it text also when someone edits the cell, and in WPS and
    /// LibreOffice, which honour it too (OWASP "CSV injection"). The text itself is written unchanged, so it imports back
    /// as it was.
    /// </summary>
    internal static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
        {
            if ((c < 0x20 && c != '\n' && c != '\t') || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Characters XML 1.0 cannot carry (control characters pasted from other programs) are dropped; CR LF becomes LF.</summary>
    private static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value.Contains('\r', StringComparison.Ordinal) ? value.Replace("\r\n", "\n", StringComparison.Ordinal) : value;
        if (!NeedsCleaning(text))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if ((c >= 0x20 || c is '\n' or '\t') && !char.IsSurrogate(c) && c is not ('\uFFFE' or '\uFFFF'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
