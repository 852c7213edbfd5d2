using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Rectify.Tests.Ledger;
using Rectify.Web.Ledger;
using Rectify.Web.Overview;
using static Rectify.Tests.Overview.OverviewData;

namespace Rectify.Tests.Recurrence;

/// <summary>
/// The overview's 反复出现的问题 on SQLite and PostgreSQL: recurrences per organisation over the chosen period, within the
/// user's scope, and every count leads to exactly as many items in the item list (filter recurrence=1).
/// </summary>
public abstract class RecurrenceOverviewTests(RecurrenceOverviewLedger ledger)
{
    public sealed class OnSqlite(SqliteRecurrenceOverviewLedger ledger) : RecurrenceOverviewTests(ledger), IClassFixture<SqliteRecurrenceOverviewLedger>;

    public sealed class OnPostgres(PostgresRecurrenceOverviewLedger ledger) : RecurrenceOverviewTests(ledger), IClassFixture<PostgresRecurrenceOverviewLedger>;

    [Fact]
    public async Task Recurrences_of_this_year_per_organisation_for_the_whole_ledger()
    {
        var r = await ledger.FiguresAsync("admin", RecurrencePeriod.ThisYear);

        (r.From, r.To).ShouldBe((new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)));
        r.Total.ShouldBe(4);
        r.Branches.Select(b => (b.Name, b.Count, b.HasChildren)).ShouldBe(
            [(Committee, 1, true), (Affairs, 1, false), (Office, 1, false), (Welfare, 1, false)], ignoreOrder: true);
    }

    [Fact]
    public async Task A_period_without_recurrences_counts_none_and_all_time_counts_all()
    {
        (await ledger.FiguresAsync("admin", RecurrencePeriod.LastYear)).Branches.ShouldBeEmpty();
        (await ledger.FiguresAsync("admin", RecurrencePeriod.All)).Total.ShouldBe(4);
        var recent = await ledger.FiguresAsync("admin", RecurrencePeriod.Last12Months);
        (recent.From, recent.To).ShouldBe((new DateOnly(2025, 11, 19), Today));
        recent.Total.ShouldBe(4);
    }

    [Fact]
    public async Task A_leader_and_a_secretary_see_only_their_organisations_recurrences()
    {
        (await ledger.FiguresAsync("leader2", RecurrencePeriod.ThisYear)).Branches.Select(b => b.Name).ShouldBe([Affairs, Office], ignoreOrder: true);
        (await ledger.FiguresAsync("secretary", RecurrencePeriod.ThisYear)).Branches.Select(b => (b.Name, b.Count)).ShouldBe([(Office, 1)]);
    }

    [Theory]
    [InlineData("admin", RecurrencePeriod.ThisYear)]
    [InlineData("admin", RecurrencePeriod.All)]
    [InlineData("leader2", RecurrencePeriod.Last12Months)]
    [InlineData("secretary", RecurrencePeriod.ThisYear)]
    public async Task Every_count_leads_to_exactly_the_items_it_counts(string user, RecurrencePeriod period)
    {
        var r = await ledger.FiguresAsync(user, period);
        var links = r.Branches.Select(b => (r.BranchLink(b), b.Count)).Append((r.AllLink(), r.Total)).ToList();

        foreach (var (href, count) in links)
        {
            href.ShouldContain("recurrence=1");
            (await FollowAsync(user, href)).Total.ShouldBe(count, href);
        }
    }

    [Fact]
    public async Task The_drill_down_lists_the_recurring_items_of_the_organisation()
    {
        var r = await ledger.FiguresAsync("admin", RecurrencePeriod.ThisYear);

        var committee = await FollowAsync("admin", r.BranchLink(r.Branches.Single(b => b.Name == Committee)));
        var all = await FollowAsync("admin", r.AllLink());

        committee.Rows.Select(i => i.Description).ShouldBe(["C1 责任清单不细"]);
        all.Rows.Select(i => i.Description[..2]).ShouldBe(["A2", "C1", "O1", "W3"], ignoreOrder: true);
    }

    private async Task<ItemPage> FollowAsync(string user, string href)
    {
        href.ShouldStartWith("items?");
        var filter = ItemFilterQuery.Parse(new QueryCollection(QueryHelpers.ParseQuery(href["items".Length..])));
        filter.Recurrence.ShouldBeTrue();
        return await ledger.App.ListAsync(user, filter with { PageSize = 200 });
    }
}
