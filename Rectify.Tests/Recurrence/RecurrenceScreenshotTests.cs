using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Rectify.Tests.Recurrence;

/// <summary>
/// docs/screenshots/recurrence-suggestion.png (the suggestions under a problem being typed into a problem list, in Chromium)
/// and docs/screenshots/recurrence-overview.png (the overview's 反复出现的问题 with one recurrence of 机关第一党支部).
/// Written into the repository only with RECTIFY_WRITE_SCREENSHOTS=1 (otherwise to temp files).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RecurrenceScreenshotTests(BrowserFixture browser)
{
    private const string Life = "组织生活制度落实不严";

    [Fact]
    public async Task The_suggestion_while_entering_a_problem_and_the_overview_section()
    {
        Guid listId, laterId;
        int office;
        var admin = await LedgerTestKit.AccessAsync(browser.App, "admin");
        await using (var db = browser.App.CreateDbContext())
        {
            var demoTime = DateTimeOffset.UtcNow.AddDays(-1);
            var earlier = await db.Items.FirstAsync(i => i.Description.StartsWith(Life) && i.CreatedAt < demoTime);
            var list = await db.ProblemLists.SingleAsync(l => l.Id == earlier.ProblemListId);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var later = RectificationItem.Create(admin, list, 900,
                new ItemDetails("组织生活制度落实依然不严，“三会一课”记录不全。", earlier.Category, earlier.ResponsibleOrganizationId, earlier.OwnerId, earlier.LeaderId,
                    DeadlineType.ByDate, today.AddDays(30)), today, DateTimeOffset.UtcNow);
            db.Items.Add(later);
            later.MarkRecurrence(admin, earlier.Id, earlier, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
            (listId, laterId, office) = (list.Id, later.Id, earlier.ResponsibleOrganizationId);
        }

        try
        {
            var page = await browser.SignInAsync("admin", viewport: new ViewportSize { Width = 1280, Height = 900 });
            await page.GotoAsync($"problem-lists/{listId}");
            await BrowserFixture.WaitForCircuitAsync(page);
            await page.Locator("[data-testid=single-org]").SelectOptionAsync(office.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.Locator("[data-testid=single-description]").FillAsync("“组织生活制度”落实还不严格，支部会议记录不全");
            await Expect(page.Locator("[data-testid=recurrence-same]")).ToContainTextAsync(Life);
            await page.EvaluateAsync("document.fonts.ready");
            await ShootAsync(page.Locator("[data-testid=single-form]"), "recurrence-suggestion.png");

            await page.GotoAsync("overview");
            await BrowserFixture.WaitForCircuitAsync(page);
            var section = page.Locator("[data-testid=recurrence-section]");
            await Expect(section.Locator("[data-testid=recurrence-branch]")).Not.ToHaveCountAsync(0);
            await section.ScrollIntoViewIfNeededAsync();
            await ShootAsync(section, "recurrence-overview.png");
            await page.Context.CloseAsync();
        }
        finally
        {
            await using var db = browser.App.CreateDbContext();
            await db.Items.Where(i => i.Id == laterId).ExecuteDeleteAsync();
        }
    }

    private static async Task ShootAsync(ILocator element, string name)
    {
        var path = Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots", name)
            : Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{name}");
        await element.ScreenshotAsync(new() { Path = path });
        new FileInfo(path).Length.ShouldBeGreaterThan(5_000);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Rectify.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Rectify.sln not found above " + AppContext.BaseDirectory);
    }
}
