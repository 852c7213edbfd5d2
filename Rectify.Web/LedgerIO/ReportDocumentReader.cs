using System.Text;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Rectify.Web.LedgerIO;

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

    public static string Read(Stream stream, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return extension switch
        {
            ".txt" => ReadText(stream),
            ".docx" => ReadDocx(stream),
            _ => throw new InvalidDataException($"Unsupported report file type '{extension}'."),
        };
    }

    public static string ReadText(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
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

    public static string ReadDocx(Stream stream)
    {
        var seekable = stream;
        if (!stream.CanSeek)
        {
            seekable = new MemoryStream();
            stream.CopyTo(seekable);
            seekable.Position = 0;
        }

        try
        {
            using var document = WordprocessingDocument.Open(seekable, false);
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new InvalidDataException("The document has no body.");
            var text = new StringBuilder();
            DocxText.Write(body, new DocxListNumbers(document.MainDocumentPart), text);
            return text.ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or IOException or System.Xml.XmlException or ArgumentException or InvalidOperationException)
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
}
