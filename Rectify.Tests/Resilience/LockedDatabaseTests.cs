using Microsoft.Data.Sqlite;
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
}
