using System.IO.Compression;
using System.Text;

namespace Rectify.Tests.Uploads;

/// <summary>
/// Hostile Office files written by the test itself, streaming (nothing large is held in memory or committed): a .docx
/// whose document inflates past 1 GB, an .xlsx of 2 million rows, an .xlsx with 1 GB of shared strings. Each is a valid
/// package that a naive reader would try to read whole.
/// </summary>
internal static class HostileFiles
{
    public const long OneGigabyte = 1L << 30;

    private const string Rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>A 述职报告 .docx of about 1 MB whose word/document.xml inflates to more than 1 GB of repeated Chinese text.</summary>
    public static void DocxBomb(string path, long inflatedBytes = OneGigabyte + (64L << 20))
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        Entry(zip, "[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """);
        Entry(zip, "_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rels}/officeDocument" Target="word/document.xml"/></Relationships>
            """);
        Repeated(zip, "word/document.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>二、存在的问题</w:t></w:r></w:p><w:p><w:r><w:t>",
            "理论学习不够深入，整改落实不到位。",
            "</w:t></w:r></w:p></w:body></w:document>",
            inflatedBytes);
    }

    /// <summary>An .xlsx (about 5 MB) whose first sheet has the ledger's header row and then <paramref name="rows"/> small rows.</summary>
    public static void XlsxRows(string path, int rows = 2_000_000)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        WorkbookFrame(zip, sharedStrings: false);
        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Optimal);
        using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false), 1 << 16);
        writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\">");
        var header = new[] { "序号", "问题来源", "问题描述", "整改措施", "责任领导", "责任单位", "责任人", "整改时限" };
        for (var i = 0; i < header.Length; i++)
        {
            writer.Write($"<c r=\"{(char)('A' + i)}1\" t=\"inlineStr\"><is><t>{header[i]}</t></is></c>");
        }

        writer.Write("</row>");
        // Small random numbers: the sheet stays under 64 MB inflated and 10 MB compressed with an ordinary compression
        // ratio (about 10), so only the row count can stop it.
        var random = new Random(20);
        for (var r = 0; r < rows; r++)
        {
            writer.Write("<row><c><v>");
            writer.Write(random.Next(100, 1000));
            writer.Write("</v></c></row>");
        }

        writer.Write("</sheetData></worksheet>");
    }

    /// <summary>An .xlsx of one small sheet whose shared-strings part holds more than 1 GB of text.</summary>
    public static void XlsxSharedStrings(string path, long inflatedBytes = OneGigabyte + (64L << 20))
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        WorkbookFrame(zip, sharedStrings: true);
        Entry(zip, "xl/worksheets/sheet1.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>
            """);
        Repeated(zip, "xl/sharedStrings.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
            "<si><t>理论学习不够深入，整改落实不到位。</t></si>",
            "</sst>",
            inflatedBytes);
    }

    private static void WorkbookFrame(ZipArchive zip, bool sharedStrings)
    {
        var sst = sharedStrings
            ? "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
            : "";
        Entry(zip, "[Content_Types].xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>{sst}</Types>
            """);
        Entry(zip, "_rels/.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """);
        Entry(zip, "xl/workbook.xml", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{Rels}"><sheets><sheet name="整改台账" sheetId="1" r:id="rId1"/></sheets></workbook>
            """);
        var sstRelationship = sharedStrings ? $"<Relationship Id=\"rId2\" Type=\"{Rels}/sharedStrings\" Target=\"sharedStrings.xml\"/>" : "";
        Entry(zip, "xl/_rels/workbook.xml.rels", $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Rels}/worksheet" Target="worksheets/sheet1.xml"/>{sstRelationship}</Relationships>
            """);
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    /// <summary>An entry of <paramref name="head"/>, then <paramref name="unit"/> repeated until <paramref name="bytes"/>, then <paramref name="tail"/>.</summary>
    private static void Repeated(ZipArchive zip, string name, string head, string unit, string tail, long bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(Encoding.UTF8.GetBytes(head));
        var one = Encoding.UTF8.GetBytes(unit);
        var usable = (1 << 20) / one.Length * one.Length;
        var block = new byte[usable];
        for (var i = 0; i < usable; i += one.Length)
        {
            one.CopyTo(block, i);
        }

        for (long written = 0; written < bytes; written += usable)
        {
            stream.Write(block, 0, usable);
        }

        stream.Write(Encoding.UTF8.GetBytes(tail));
    }
}
