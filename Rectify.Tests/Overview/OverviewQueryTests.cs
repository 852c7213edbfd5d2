using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;
using Rectify.Web.Overview;
using static Rectify.Tests.Overview.OverviewData;

namespace Rectify.Tests.Overview;

/// <summary>The app on a fixed day with the known ledger of <see cref="OverviewData"/>; on SQLite or on a real PostgreSQL.</summary>
public abstract class OverviewLedger : IAsyncLifetime
{
    public RectifyFactory App { get; private set; } = null!;

    protected abstract Task<RectifyFactory> CreateAppAsync();

    public async Task InitializeAsync()
    {
        App = await CreateAppAsync();
        _ = App.Services; // starts the host: migrations and demo people
        await SeedKnownAsync(App);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    public async Task<OverviewFigures> FiguresAsync(string userName)
    {
        var access = await LedgerTestKit.AccessAsync(App, userName);
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OverviewQueries>().GetAsync(access);
    }

    /// <summary>What the item list shows for an overview link, as that user.</summary>
    public async Task<ItemPage> FollowAsync(string userName, string href)
    {
        href.ShouldStartWith("items?");
        var filter = ItemFilterQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(href["items".Length..])));
        return await App.ListAsync(userName, filter with { PageSize = 200 });
    }
}

public sealed class SqliteOverviewLedger : OverviewLedger
{
    protected override Task<RectifyFactory> CreateAppAsync() => Task.FromResult<RectifyFactory>(new FixedClockFactory(Now));
}

public sealed class PostgresOverviewLedger : OverviewLedger
{
    protected override async Task<RectifyFactory> CreateAppAsync() =>
        new FixedClockFactory(Now)
            .With("Database:Provider", "Postgres")
            .With("Database:ConnectionString", await PostgresServer.CreateDatabaseAsync("overview"));
}

/// <summary>
/// The leaders' overview against a known ledger (see the table in <see cref="OverviewData"/>): exact totals, 销号率, overdue,
/// due within 7 days, lights, ranking, sources, categories and the weekly trend; who sees what; and that every number leads to
/// exactly as many items in the item list.
/// </summary>
public abstract class OverviewQueryTests(OverviewLedger ledger)
{
    [Fact]
    public async Task Overview_totals_for_the_whole_ledger()
    {
        var f = await ledger.FiguresAsync("admin");

        f.Today.ShouldBe(Today);
        f.Total.ShouldBe(11);
        f.ByStatus.ShouldBe(new Dictionary<ItemStatus, int>
        {
            [ItemStatus.Open] = 4,
            [ItemStatus.InProgress] = 1,
            [ItemStatus.AwaitingSignOff] = 1,
            [ItemStatus.SignedOff] = 1,
            [ItemStatus.Closed] = 4,
        }, ignoreOrder: true);
        f.Closed.ShouldBe(4);
        f.ClosingRate.ShouldBe(36.4m); // 4 / 11
        f.Unfinished.ShouldBe(6);
        f.Overdue.ShouldBe(2); // O1, W1; closed O3/W4 with past deadlines do not count
        f.DueSoon.ShouldBe(2); // O2 in 5 days, A1 in exactly 7; W3 is signed off
    }

    [Fact]
    public async Task Overview_lights_and_ranking_of_the_organisations()
    {
        var f = await ledger.FiguresAsync("leader");

        f.Branches.Select(b => (b.Rank, b.Name, b.Light, b.Total, b.Closed, b.ClosingRate, b.Overdue, b.DueSoon)).ShouldBe(
        [
            (1, Affairs, TrafficLight.Yellow, 2, 1, 50.0m, 0, 1),
            (1, Welfare, TrafficLight.Red, 4, 2, 50.0m, 1, 0),
            (3, Office, TrafficLight.Red, 4, 1, 25.0m, 1, 1),
            (4, Committee, TrafficLight.Green, 1, 0, 0.0m, 0, 0),
            (0, Retired, TrafficLight.Green, 0, 0, (decimal?)null, 0, 0),
        ]);
        f.Branches.Single(b => b.Name == Committee).HasChildren.ShouldBeTrue();
        f.Branches.Single(b => b.Name == Office).HasChildren.ShouldBeFalse();
    }

    [Fact]
    public async Task Overview_by_source_and_category()
    {
        var f = await ledger.FiguresAsync("admin");

        f.Sources.Select(s => (s.Source, s.Total, s.Closed)).ShouldBe(
        [
            (ProblemSource.DemocraticLifeMeeting, 6, 1),
            (ProblemSource.Inspection, 5, 3),
        ]);
        f.Categories.Select(c => (c.Category, c.Total, c.Closed)).ShouldBe(
        [
            ("理论学习", 5, 3),
            ("组织生活", 2, 0),
            ("作风建设", 2, 0),
            ("党风廉政", 1, 1),
            ("责任落实", 1, 0),
        ]);
    }

    [Fact]
    public async Task Overview_weekly_trend_counts_new_and_closed_items_per_week_in_Shanghai_time()
    {
        var f = await ledger.FiguresAsync("admin");

        f.Weeks.Count.ShouldBe(OverviewQueries.TrendWeeks);
        f.Weeks[^1].ShouldBe(new WeekRow(D(11, 16), D(11, 22), 3, 2)); // W2 closed Monday 00:30 in Shanghai (Sunday in UTC)
        f.Weeks[^2].ShouldBe(new WeekRow(D(11, 9), D(11, 15), 3, 2)); // W4 closed Sunday 23:30
        f.Weeks[^3].ShouldBe(new WeekRow(D(11, 2), D(11, 8), 2, 0));
        f.Weeks[^4].ShouldBe(new WeekRow(D(10, 26), D(11, 1), 0, 0));
        f.Weeks[^5].ShouldBe(new WeekRow(D(10, 19), D(10, 25), 3, 0));
        f.Weeks[0].Start.ShouldBe(D(8, 31));
        f.Weeks.Sum(w => w.New).ShouldBe(11);
        f.Weeks.Sum(w => w.Closed).ShouldBe(4);
    }

    [Fact]
    public async Task Overview_of_leader2_covers_only_the_two_branches_assigned_to_them()
    {
        var f = await ledger.FiguresAsync("leader2");

        f.Total.ShouldBe(6);
        f.Closed.ShouldBe(2);
        f.ClosingRate.ShouldBe(33.3m);
        f.Overdue.ShouldBe(1);
        f.DueSoon.ShouldBe(2);
        f.Branches.Select(b => (b.Rank, b.Name, b.Light)).ShouldBe([(1, Affairs, TrafficLight.Yellow), (2, Office, TrafficLight.Red)]);
        f.Sources.Select(s => (s.Source, s.Total, s.Closed)).ShouldBe([(ProblemSource.DemocraticLifeMeeting, 4, 1), (ProblemSource.Inspection, 2, 1)]);
        f.Weeks.Sum(w => w.New).ShouldBe(6);
    }

    [Fact]
    public async Task Overview_of_a_secretary_covers_only_their_branch()
    {
        var f = await ledger.FiguresAsync("secretary");

        f.Total.ShouldBe(4);
        f.Branches.Select(b => (b.Name, b.Light, b.ClosingRate)).ShouldBe([(Office, TrafficLight.Red, (decimal?)25.0m)]);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("leader2")]
    public async Task Every_number_leads_to_exactly_the_items_it_counts(string user)
    {
        var f = await ledger.FiguresAsync(user);
        var links = new List<(string Href, int Count)>
        {
            (OverviewLinks.All(), f.Total),
            (OverviewLinks.Overdue(), f.Overdue),
            (OverviewLinks.DueSoon(), f.DueSoon),
            (OverviewLinks.Unfinished(), f.Unfinished),
        };
        links.AddRange(Enum.GetValues<ItemStatus>().Select(s => (OverviewLinks.Status(s), f.ByStatus[s])));
        foreach (var b in f.Branches)
        {
            links.AddRange([(OverviewLinks.BranchAll(b), b.Total), (OverviewLinks.BranchClosed(b), b.Closed),
                (OverviewLinks.BranchOverdue(b), b.Overdue), (OverviewLinks.BranchDueSoon(b), b.DueSoon), (OverviewLinks.BranchUnfinished(b), b.Unfinished)]);
        }

        links.AddRange(f.Sources.SelectMany(s => new[] { (OverviewLinks.Source(s.Source), s.Total), (OverviewLinks.Source(s.Source, closedOnly: true), s.Closed) }));
        links.AddRange(f.Categories.SelectMany(c => new[] { (OverviewLinks.Category(c.Category), c.Total), (OverviewLinks.Category(c.Category, closedOnly: true), c.Closed) }));
        links.AddRange(f.Weeks.SelectMany(w => new[] { (OverviewLinks.WeekNew(w), w.New), (OverviewLinks.WeekClosed(w), w.Closed) }));

        foreach (var (href, count) in links)
        {
            (await ledger.FollowAsync(user, href)).Total.ShouldBe(count, href);
        }
    }

    [Fact]
    public async Task The_red_branch_leads_to_its_overdue_items()
    {
        var f = await ledger.FiguresAsync("leader");
        var welfare = f.Branches.Single(b => b.Name == Welfare);

        var page = await ledger.FollowAsync("leader", OverviewLinks.BranchLight(welfare));

        page.Rows.Select(r => r.Description).ShouldBe(["W1 深入基层调研不够"]);
        page.Rows.Single().Light.ShouldBe(TrafficLight.Red);
    }

    [Fact]
    public async Task A_committee_row_counts_and_lists_only_its_own_items()
    {
        var f = await ledger.FiguresAsync("admin");
        var committee = f.Branches.Single(b => b.Name == Committee);

        OverviewLinks.BranchAll(committee).ShouldContain("orgonly=1");
        (await ledger.FollowAsync("admin", OverviewLinks.BranchAll(committee))).Rows.Select(r => r.Description).ShouldBe(["C1 责任清单不细"]);
    }
}

public sealed class SqliteOverviewQueryTests(SqliteOverviewLedger ledger) : OverviewQueryTests(ledger), IClassFixture<SqliteOverviewLedger>;

public sealed class PostgresOverviewQueryTests(PostgresOverviewLedger ledger) : OverviewQueryTests(ledger), IClassFixture<PostgresOverviewLedger>;
