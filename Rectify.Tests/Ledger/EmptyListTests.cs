using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Ledger;

/// <summary>
/// A list whose total is 0 reads no page of items: the totals are exact (decision 0035), and a filter that contradicts itself
/// (已销号 and 逾期) would otherwise make the database walk every overdue item looking for a closed one.
/// </summary>
public sealed class EmptyListTests(EmptyListTests.App app) : IClassFixture<EmptyListTests.App>
{
    /// <summary>The demo ledger, read only.</summary>
    public sealed class App : RectifyFactory;

    [Fact]
    public async Task An_empty_list_shows_nothing_and_reads_no_rows()
    {
        // The app's start (migrations, demo data) and the user's sign-in state outside the captures.
        await app.ListAsync("admin", new ItemFilter());
        var (empty, emptyCommands) = await FlowCommands.CaptureAsync(() =>
            app.ListAsync("admin", new ItemFilter { Status = ItemStatus.Closed, Due = DueFilter.Overdue }));
        var (full, fullCommands) = await FlowCommands.CaptureAsync(() => app.ListAsync("admin", new ItemFilter { Due = DueFilter.Overdue }));

        empty.Total.ShouldBe(0);
        empty.Rows.ShouldBeEmpty();
        empty.Page.ShouldBe(1);
        emptyCommands.ShouldNotContain(c => c.Contains("\"Description\"", StringComparison.Ordinal), string.Join("\n\n", emptyCommands));
        // Not vacuous: the same list with items reads them, and the capture sees that statement.
        full.Rows.ShouldNotBeEmpty();
        fullCommands.ShouldContain(c => c.Contains("\"Description\"", StringComparison.Ordinal));
    }
}
