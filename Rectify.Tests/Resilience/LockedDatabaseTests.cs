using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Resilience;

/// <summary>
/// A button whose handler meets a database that stays locked (another writer holds SQLite's write lock past the busy
/// timeout): the user gets a message, what they typed is still there, the page stays alive, and the same click works once
/// the lock is gone. The app runs with a 2-second busy timeout so the test does not wait the default 30.
/// </summary>
public sealed class LockedDatabaseTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser = new();

    private string DatabaseFile => Path.Combine(_browser.App.Data.Path, "rectify.db");

    public async Task InitializeAsync()
    {
        _browser.App.With("Database:ConnectionString", new SqliteConnectionStringBuilder { DataSource = DatabaseFile, DefaultTimeout = 2 }.ToString());
        await _browser.InitializeAsync();
    }

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public async Task Creating_a_problem_list_while_the_database_is_locked_shows_a_message_keeps_the_title_and_succeeds_after()
    {
        var page = await _browser.SignInAsync("admin");
        await page.GotoAsync("problem-lists");
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=list-new]");
        await page.FillAsync("[data-testid=list-title]", "锁定期间填写的问题清单");

        await using (var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false }.ToString()))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE"; // takes the write lock and keeps it until rollback
                await begin.ExecuteNonQueryAsync();
            }

            await page.ClickAsync("[data-testid=list-create]");

            await Assertions.Expect(page.Locator("[data-testid=list-message]")).ToContainTextAsync("操作未完成", new() { Timeout = 20_000 });
            (await page.InputValueAsync("[data-testid=list-title]")).ShouldBe("锁定期间填写的问题清单");
            await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await page.ClickAsync("[data-testid=list-create]");
        await Assertions.Expect(page.Locator("[data-testid=list-heading]")).ToHaveTextAsync("锁定期间填写的问题清单");
    }

    [Fact]
    public async Task Reporting_progress_on_the_item_page_while_the_database_is_locked_shows_a_message_keeps_the_text_and_succeeds_after()
    {
        Guid itemId;
        await using (var db = _browser.App.CreateDbContext())
        {
            var secretary = await db.Users.SingleAsync(u => u.UserName == "secretary");
            itemId = await db.Items.Where(i => i.OwnerId == secretary.Id && (i.Status == ItemStatus.Open || i.Status == ItemStatus.InProgress))
                .Select(i => i.Id).FirstAsync();
        }

        var page = await _browser.SignInAsync("secretary");
        await page.GotoAsync($"items/{itemId}");
        await BrowserFixture.WaitForCircuitAsync(page);
        const string report = "锁库期间填写的整改进展：已召开专题组织生活会。";
        await page.FillAsync("[data-testid=progress-text-input]", report);

        await using (var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false }.ToString()))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync();
            }

            await page.ClickAsync("[data-testid=progress-submit]");

            await Assertions.Expect(page.Locator("[data-testid=message]")).ToContainTextAsync("操作未完成", new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-testid=progress-text-input]")).ToHaveValueAsync(report);
            await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();

            await using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }

        await page.ClickAsync("[data-testid=progress-submit]");
        await Assertions.Expect(page.Locator("[data-testid=message]")).Not.ToContainTextAsync("操作未完成");
        await Assertions.Expect(page.GetByText(report).First).ToBeVisibleAsync();
        await using var check = _browser.App.CreateDbContext();
        (await check.Set<ProgressReport>().CountAsync(p => p.Text == report)).ShouldBe(1);
    }
}
