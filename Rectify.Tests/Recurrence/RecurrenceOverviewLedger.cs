using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Ledger;
using Rectify.Tests.Overview;
using Rectify.Tests.Support;
using Rectify.Web.Overview;
using static Rectify.Tests.Overview.OverviewData;

namespace Rectify.Tests.Recurrence;

/// <summary>
/// The overview's known ledger (<see cref="OverviewData"/>, today 2026-11-18) with four items marked as recurrences: O1 of O3
/// (机关第一党支部), A2 of A1 (机关第二党支部), W3 of W1 (社会福利院党支部) and C1 of O1 (区民政局党组, which has sub-organisations).
/// </summary>
public abstract class RecurrenceOverviewLedger : IAsyncLifetime
{
    public RectifyFactory App { get; private set; } = null!;

    protected abstract Task<RectifyFactory> CreateAppAsync();

    public async Task InitializeAsync()
    {
        App = await CreateAppAsync();
        _ = App.Services;
        await SeedKnownAsync(App);
        var admin = await LedgerTestKit.AccessAsync(App, "admin");
        await using var db = App.CreateDbContext();
        var items = await db.Items.ToListAsync();
        foreach (var (later, earlier) in new[] { ("O1", "O3"), ("A2", "A1"), ("W3", "W1"), ("C1", "O1") })
        {
            var earlierItem = items.Single(i => i.Description.StartsWith(earlier + " ", StringComparison.Ordinal));
            items.Single(i => i.Description.StartsWith(later + " ", StringComparison.Ordinal)).MarkRecurrence(admin, earlierItem.Id, earlierItem, Now);
        }

        await db.SaveChangesAsync();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    public async Task<RecurrenceOverview> FiguresAsync(string userName, RecurrencePeriod period)
    {
        var access = await LedgerTestKit.AccessAsync(App, userName);
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<RecurrenceOverviewQueries>().GetAsync(access, period);
    }
}

public sealed class SqliteRecurrenceOverviewLedger : RecurrenceOverviewLedger
{
    protected override Task<RectifyFactory> CreateAppAsync() => Task.FromResult<RectifyFactory>(new FixedClockFactory(Now));
}

public sealed class PostgresRecurrenceOverviewLedger : RecurrenceOverviewLedger
{
    protected override async Task<RectifyFactory> CreateAppAsync() =>
        new FixedClockFactory(Now)
            .With("Database:Provider", "Postgres")
            .With("Database:ConnectionString", await PostgresServer.CreateDatabaseAsync("recurrence_overview"));
}
