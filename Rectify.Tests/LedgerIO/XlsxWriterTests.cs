using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Rectify.Documents;
using Rectify.Web.LedgerIO;

namespace Rectify.Tests.LedgerIO;

/// <summary>The sheet writer escapes and keeps what users type, and what it writes is valid for Excel's schema.</summary>
public sealed class XlsxWriterTests
{
    private static readonly string[] Texts =
    [
        "整改措施：<立即> & “长期” 坚持 >",
        "  前后有空格  ",
        "第一行\n第二行\r\n第三行",
        "控制字符\u0001\u0008被去掉",
        "表情 😀 与生僻字 𠀀",
        "A&amp;B 原样",
    ];

    [Fact]
    public void Text_round_trips_through_the_Open_XML_reader_and_the_package_validates()
    {
        using var stream = new MemoryStream();
        using (var workbook = new XlsxWriter(stream))
        {
            using var sheet = workbook.StartSheet("测试", new XlsxSheetLayout { ColumnWidths = [10, 20], FrozenRows = 1, HeaderRow = 1, FullWidthRows = [1], Landscape = true, Footer = "&C第 &P 页" });
            sheet.StartRow(height: 20);
            sheet.Text("标题", XlsxStyle.Title);
            foreach (var text in Texts)
            {
                sheet.StartRow();
                sheet.Number(1.5, XlsxStyle.BodyCentered);
                sheet.Text(text, XlsxStyle.Body);
            }

            sheet.StartRow();
            sheet.Text(null, XlsxStyle.Body);
            sheet.Text("", XlsxStyle.Overdue);
        }

        stream.Position = 0;
        using (var document = SpreadsheetDocument.Open(stream, false))
        {
            new OpenXmlValidator(FileFormatVersions.Office2019).Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ShouldBeEmpty();
        }

        stream.Position = 0;
        using var reader = XlsxSheetReader.Open(stream);
        var rows = reader.Rows().ToList();
        rows[0].Cells[0].Text.ShouldBe("标题");
        rows.Skip(1).Take(Texts.Length).Select(r => r.Cells[1].Text).ShouldBe(
        [
            "整改措施：<立即> & “长期” 坚持 >",
            "  前后有空格  ",
            "第一行\n第二行\n第三行",
            "控制字符被去掉",
            "表情 😀 与生僻字 𠀀",
            "A&amp;B 原样",
        ]);
        rows[1].Cells[0].IsNumber.ShouldBeTrue();
        rows[1].Cells[0].Text.ShouldBe("1.5");
    }
}
