using System.Net;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Tests.Support;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

namespace Rectify.Tests.LedgerIO;

/// <summary>Signing in over HTTP, building access contexts for services, and reading/writing .xlsx files in tests.</summary>
internal static class LedgerIOTestSupport
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Today => Rectify.Domain.Clock.Today(TimeProvider.System, Shanghai);

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An HTTP client signed in through the real login form (cookies kept).</summary>
    public static async Task<HttpClient> SignedInClientAsync(RectifyFactory app, string userName)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var html = await client.GetStringAsync("/Account/Login");
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form[method=post]")!;
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(new("Input.UserName", userName))
            .Append(new("Input.Password", Rectify.Web.Data.Seeder.DemoPassword));
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {userName}");
        return client;
    }

    /// <summary>The user as the app's services see them (roles, organisation, assigned branches).</summary>
    public static async Task<AccessContext> AccessAsync(RectifyFactory app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        var principal = await factory.CreateAsync(user);
        return await scope.ServiceProvider.GetRequiredService<ActorFactory>().CreateAsync(principal)
            ?? throw new InvalidOperationException("No access context.");
    }

    public static async Task<int> OrganizationIdAsync(RectifyFactory app, string name)
    {
        await using var db = app.CreateDbContext();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task<Guid> ListIdAsync(RectifyFactory app, string titleStart)
    {
        await using var db = app.CreateDbContext();
        return await db.ProblemLists.Where(l => l.Title.StartsWith(titleStart)).Select(l => l.Id).SingleAsync();
    }

    /// <summary>The first worksheet's cells as text by reference ("A1" → "整改台账"), resolving shared and inline strings.</summary>
    public static Dictionary<string, string> Cells(SpreadsheetDocument document, int sheet = 0)
    {
        var workbook = document.WorkbookPart!;
        var sheetElement = workbook.Workbook.Sheets!.Elements<Sheet>().ElementAt(sheet);
        var part = (WorksheetPart)workbook.GetPartById(sheetElement.Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        var cells = new Dictionary<string, string>();
        foreach (var cell in part.Worksheet.Descendants<Cell>())
        {
            var text = cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                : cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text)]
                : cell.CellValue?.Text ?? "";
            cells[cell.CellReference!.Value!] = text;
        }

        return cells;
    }

    public static Worksheet Sheet(SpreadsheetDocument document, int sheet = 0)
    {
        var workbook = document.WorkbookPart!;
        var sheetElement = workbook.Workbook.Sheets!.Elements<Sheet>().ElementAt(sheet);
        return ((WorksheetPart)workbook.GetPartById(sheetElement.Id!)).Worksheet;
    }

    /// <summary>
    /// An .xlsx written the way Excel writes one (the SDK's DOM, shared strings); a double becomes a number cell
    /// (an Excel date when it is a date serial), anything else text. Row 1 is the first array.
    /// </summary>
    public static MemoryStream Workbook(params object?[][] rows)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            var shared = new SharedStringTable();
            var sharedCount = 0;
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{Rectify.Documents.XlsxColumns.Letters(c)}{r + 1}";
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case double number:
                            row.Append(new Cell { CellReference = reference, CellValue = new CellValue(number) });
                            break;
                        case var value:
                            shared.Append(new SharedStringItem(new Text(value.ToString()!)));
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(sharedCount++) });
                            break;
                    }
                }

                data.Append(row);
            }

            sharedPart.SharedStringTable = shared;
            sheetPart.Worksheet = new Worksheet(data);
            workbook.Workbook.Append(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Sheet1" }));
            workbook.Workbook.Save();
        }

        stream.Position = 0;
        return stream;
    }

    public static double Serial(DateOnly date) => date.ToDateTime(TimeOnly.MinValue).ToOADate();

    public static readonly string[] Header = ["序号", "问题来源", "问题描述", "整改措施", "责任领导", "责任单位", "责任人", "整改时限", "整改进展", "完成情况", "销号时间", "备注"];
}
