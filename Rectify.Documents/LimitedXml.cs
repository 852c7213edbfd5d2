using System.Text;
using System.Xml;

namespace Rectify.Documents;

/// <summary>
/// Streaming reads of an Office part's XML with the framework's <see cref="XmlReader"/> (no DOM, no DTDs, no external
/// resources), and text collected in chunks so that a single huge text node is refused at the limit instead of being
/// materialised first.
/// </summary>
internal static class LimitedXml
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    public static XmlReader Create(Stream part) => XmlReader.Create(part, Settings);

    /// <summary>
    /// Appends the text content of the element the reader is on (its text nodes, at any depth below it unless inside an
    /// element named <paramref name="skip"/>) to <paramref name="text"/>, and leaves the reader on the element's end tag.
    /// Throws <see cref="FileLimitException"/> once <paramref name="text"/> would grow past <paramref name="maxChars"/>.
    /// </summary>
    public static void AppendText(XmlReader reader, StringBuilder text, long maxChars, FileLimit limit, string? skip = null)
    {
        if (reader.IsEmptyElement)
        {
            return;
        }

        var depth = reader.Depth;
        var skipDepth = -1;
        var buffer = new char[4096];
        while (reader.Read() && reader.Depth > depth)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when skipDepth < 0 && skip is not null && reader.LocalName == skip && !reader.IsEmptyElement:
                    skipDepth = reader.Depth;
                    break;
                case XmlNodeType.EndElement when reader.Depth == skipDepth:
                    skipDepth = -1;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace when skipDepth < 0:
                    Append(reader, text, maxChars, limit, buffer);
                    break;
            }
        }
    }

    private static void Append(XmlReader reader, StringBuilder text, long maxChars, FileLimit limit, char[] buffer)
    {
        if (!reader.CanReadValueChunk)
        {
            var value = reader.Value;
            if (text.Length + (long)value.Length > maxChars)
            {
                throw new FileLimitException(limit, maxChars);
            }

            text.Append(value);
            return;
        }

        int read;
        while ((read = reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
        {
            if (text.Length + (long)read > maxChars)
            {
                throw new FileLimitException(limit, maxChars);
            }

            text.Append(buffer, 0, read);
        }
    }
}
