using System.Text;
using DocumentFormat.OpenXml.Packaging;

namespace Rectify.Documents;

/// <summary>
/// The text of an uploaded 述职报告: a .txt (UTF-8, or GB18030 as Chinese Windows saves it) or a .docx (its paragraphs in
/// order, one per line, with Word's automatic list numbers written out; each table row as one line of tab-separated cells,
/// see <see cref="DocxText"/>). Throws <see cref="InvalidDataException"/> for anything else.
/// </summary>
public static class ReportDocumentReader
{
    static ReportDocumentReader() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static bool IsSupported(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".txt" or ".docx";

    /// <summary>The text of a .txt or .docx with the default limits (<see cref="FileLimitsOptions"/>).</summary>
    public static string Read(Stream stream, string fileName) => Read(stream, fileName, new FileLimitsOptions());

    /// <summary>
    /// The text of a .txt or .docx; throws <see cref="FileLimitException"/> past a limit (a zip bomb, a text longer than
    /// <see cref="FileLimitsOptions.MaxTextChars"/>) and <see cref="InvalidDataException"/> when unreadable.
    /// </summary>
    public static string Read(Stream stream, string fileName, FileLimitsOptions limits)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".txt" => ReadText(stream, limits),
            ".docx" => ReadDocx(stream, limits),
            _ => throw new InvalidDataException($"Unsupported report file type '{extension}'."),
        };
    }

    public static string ReadText(Stream stream) => ReadText(stream, new FileLimitsOptions());

    public static string ReadText(Stream stream, FileLimitsOptions limits)
    {
        var text = Decode(stream, limits);
        return text.Length > limits.MaxTextChars ? throw new FileLimitException(FileLimit.Text, limits.MaxTextChars) : text;
    }

    private static string Decode(Stream stream, FileLimitsOptions limits)
    {
        using var memory = new MemoryStream();
        CopyBounded(stream, memory, limits.MaxPartBytes);
        var bytes = memory.ToArray();
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            return Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030").GetString(bytes);
        }
    }

    public static string ReadDocx(Stream stream) => ReadDocx(stream, new FileLimitsOptions());

    /// <summary>
    /// The paragraphs of the document body (tables included), one per line; w:tab as a tab, w:br as a line break. The
    /// package is checked by <see cref="PackageGuard"/> first and the document part is streamed with an XmlReader (no DOM),
    /// so neither a zip bomb nor a document of endless text is ever held in memory.
    /// </summary>
    public static string ReadDocx(Stream stream, FileLimitsOptions limits)
    {
        var seekable = stream;
        if (!stream.CanSeek)
        {
            seekable = new MemoryStream();
            CopyBounded(stream, seekable, limits.MaxPartBytes);
            seekable.Position = 0;
        }

        try
        {
            PackageGuard.Check(seekable, limits);
            using var document = WordprocessingDocument.Open(seekable, false);
            // The package passed PackageGuard: every part is bounded (FileLimits:MaxPartBytes, ratio), so the DOM that the
            // table and list-number extraction needs is bounded too; the text is then held to MaxTextChars.
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new InvalidDataException("The document has no body.");
            var text = new StringBuilder();
            DocxText.Write(body, new DocxListNumbers(document.MainDocumentPart), text);
            return text.Length > limits.MaxTextChars ? throw new FileLimitException(FileLimit.Text, limits.MaxTextChars) : text.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or IOException or System.Xml.XmlException or ArgumentException
            or InvalidOperationException or NotSupportedException or UriFormatException)
        {
            throw new InvalidDataException("Not a readable .docx document.", e);
        }
        finally
        {
            if (!ReferenceEquals(seekable, stream))
            {
                seekable.Dispose();
            }
        }
    }

    private static void CopyBounded(Stream from, Stream to, long maxBytes)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new FileLimitException(FileLimit.PartSize, maxBytes);
            }

            to.Write(buffer, 0, read);
        }
    }
}
