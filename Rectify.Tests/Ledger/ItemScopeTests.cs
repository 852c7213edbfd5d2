using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Web.Ledger;
using Rectify.Tests.Support;
using static Rectify.Tests.Ledger.DemoItems;

namespace Rectify.Tests.Ledger;

/// <summary>
/// The item list and 我的待办 against the real app (on SQLite and on PostgreSQL) with the demo ledger: who sees which items, and what every filter,
/// sort order and page returns. The demo data is only read here.
/// </summary>
public abstract class ItemScopeTests(RectifyFactory app)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(RectifyFactory app) : ItemScopeTests(app), IClassFixture<RectifyFactory>;

    /// <summary>On PostgreSQL: the same tests, so the two providers cannot drift apart.</summary>
    public sealed class OnPostgres(PostgresRectifyFactory app) : ItemScopeTests(app), IClassFixture<PostgresRectifyFactory>;

    private static readonly ItemFilter Everything = new() { PageSize = 200 };

    [Theory]
    [InlineData("secretary", new[] { Study, Carrier, Life })]
    [InlineData("secretary2", new[] { Style, Late, Done })]
    [InlineData("secretary3", new[] { LongTerm })]
    [InlineData("leader2", new[] { Study, Carrier, Life, LongTerm })]
    [InlineData("leader", new[] { Study, Carrier, Life, Style, Late, LongTerm, Done })]
    [InlineData("admin", new[] { Study, Carrier, Life, Style, Late, LongTerm, Done })]
    public async Task Each_user_sees_exactly_the_items_of_their_scope(string user, string[] expected)
    {
        var page = await app.ListAsync(user, Everything);

        Keys(page.Rows).ShouldBe(expected, ignoreOrder: true);
        page.Total.ShouldBe(expected.Length);
    }

    [Fact]
    public async Task Secretary_sees_only_their_own_branch()
    {
        var page = await app.ListAsync("secretary", Everything);

        page.Rows.Select(r => r.OrganizationName).Distinct().ShouldBe(["机关第一党支部"]);
        (await app.ListAsync("secretary2", Everything)).Rows.Select(r => r.OrganizationName).Distinct().ShouldBe(["社会福利院党支部"]);
    }

    [Fact]
    public async Task Leader2_sees_the_two_office_branches_they_are_assigned_to()
    {
        var page = await app.ListAsync("leader2", Everything);

        page.Rows.Select(r => r.OrganizationName).Distinct().ShouldBe(["机关第一党支部", "机关第二党支部"], ignoreOrder: true);
    }

    [Fact]
    public async Task A_leader_without_organisations_reads_exactly_the_items_named_on_them()
    {
        // 张伟 with his 包抓 assignments taken away: a scope of no organisation at all, so everything he reads is named on him
        // (decision 0066's ranges are then one range, every organisation id).
        var access = await app.AccessAsync("leader2");
        access = access with { Actor = access.Actor with { AssignedOrganizationIds = new HashSet<int>() } };
        var uid = access.Actor.UserId;
        string[] named;
        await using (var db = app.CreateDbContext())
        {
            var measured = db.Set<Measure>().Where(m => m.OwnerId == uid).Select(m => EF.Property<Guid>(m, "ItemId"));
            named = await db.Items.Where(i => i.OwnerId == uid || i.LeaderId == uid || measured.Contains(i.Id)).Select(i => i.Description).ToArrayAsync();
        }

        using var scope = app.Services.CreateScope();
        var page = await scope.ServiceProvider.GetRequiredService<ItemQueries>().ListAsync(access, Everything);

        named.ShouldNotBeEmpty();
        page.Rows.Select(r => r.Description).ShouldBe(named, ignoreOrder: true);
        page.Total.ShouldBe(named.Length);
    }

    [Fact]
    public async Task A_filter_never_widens_the_scope()
    {
        var welfare = await app.OrganizationIdAsync("社会福利院党支部");

        (await app.ListAsync("secretary", Everything with { OrganizationId = welfare })).Rows.ShouldBeEmpty();
        (await app.ListAsync("leader2", Everything with { Due = DueFilter.Overdue })).Rows.Select(Key).ShouldBe([LongTerm]);
    }

    [Fact]
    public async Task Status_filter()
    {
        Keys((await app.ListAsync("admin", Everything with { Status = ItemStatus.InProgress })).Rows)
            .ShouldBe([Study, Carrier, Style, Late], ignoreOrder: true);
        Keys((await app.ListAsync("admin", Everything with { Status = ItemStatus.AwaitingSignOff })).Rows).ShouldBe([Life]);
        Keys((await app.ListAsync("admin", Everything with { Status = ItemStatus.SignedOff })).Rows).ShouldBe([Done]);
    }

    [Fact]
    public async Task Organisation_filter_includes_descendants()
    {
        var committee = await app.OrganizationIdAsync("区民政局党组");
        var office = await app.OrganizationIdAsync("机关第一党支部");
        var retired = await app.OrganizationIdAsync("离退休干部党支部");

        (await app.ListAsync("admin", Everything with { OrganizationId = committee })).Total.ShouldBe(7);
        Keys((await app.ListAsync("admin", Everything with { OrganizationId = office })).Rows).ShouldBe([Study, Carrier, Life], ignoreOrder: true);
        (await app.ListAsync("admin", Everything with { OrganizationId = retired })).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Due_filters_follow_the_traffic_lights()
    {
        // Overdue: the passed deadline and the 长期坚持 item whose monthly report is late; due soon: within 7 days, unfinished.
        Keys((await app.ListAsync("admin", Everything with { Due = DueFilter.Overdue })).Rows).ShouldBe([Late, LongTerm], ignoreOrder: true);
        Keys((await app.ListAsync("admin", Everything with { Due = DueFilter.DueSoon })).Rows).ShouldBe([Carrier, Life], ignoreOrder: true);
        Keys((await app.ListAsync("admin", Everything with { Due = DueFilter.Unfinished })).Rows).ShouldNotContain(Done);
        (await app.ListAsync("admin", Everything with { Due = DueFilter.Unfinished })).Total.ShouldBe(6);

        var overdue = await app.ListAsync("admin", Everything with { Due = DueFilter.Overdue });
        overdue.Rows.ShouldAllBe(r => r.Light == TrafficLight.Red && r.DaysOverdue > 0);
        overdue.Rows.Single(r => Key(r) == Late).DaysOverdue.ShouldBe(6);
    }

    [Fact]
    public async Task Text_source_category_and_leader_filters()
    {
        Keys((await app.ListAsync("admin", Everything with { Text = "意识形态" })).Rows).ShouldBe([Done]);
        var study = (await app.ListAsync("admin", Everything with { Text = "学用脱节" })).Rows.ShouldHaveSingleItem();
        Keys((await app.ListAsync("admin", Everything with { Text = study.Number })).Rows).ShouldBe([Study]);

        Keys((await app.ListAsync("admin", Everything with { Source = ProblemSource.ReviewSuperior })).Rows).ShouldBe([Late, LongTerm, Done], ignoreOrder: true);
        Keys((await app.ListAsync("admin", Everything with { Source = ProblemSource.DemocraticLifeMeeting })).Rows).ShouldBe([Study, Carrier, Life, Style], ignoreOrder: true);
        (await app.ListAsync("admin", Everything with { Source = ProblemSource.Audit })).Total.ShouldBe(0);

        Keys((await app.ListAsync("admin", Everything with { Category = "理论学习" })).Rows).ShouldBe([Study]);
        Keys((await app.ListAsync("admin", Everything with { LeaderId = await app.UserIdAsync("leader2") })).Rows)
            .ShouldBe([Study, Carrier, Life, LongTerm], ignoreOrder: true);

        // Filters combine.
        Keys((await app.ListAsync("admin", Everything with { Source = ProblemSource.ReviewSuperior, Due = DueFilter.Overdue, Text = "党建" })).Rows)
            .ShouldBe([Late, LongTerm], ignoreOrder: true);
    }

    [Fact]
    public async Task Sorting_by_number_deadline_and_status()
    {
        var byNumber = (await app.ListAsync("admin", Everything with { Sort = ItemSort.Number })).Rows.Select(r => r.Number).ToList();
        byNumber.ShouldBe(byNumber.Order(StringComparer.Ordinal).ToList());
        var byNumberDesc = (await app.ListAsync("admin", Everything with { Sort = ItemSort.Number, Descending = true })).Rows.Select(r => r.Number).ToList();
        byNumberDesc.ShouldBe(Enumerable.Reverse(byNumber).ToList());

        var byDue = (await app.ListAsync("admin", Everything)).Rows;
        byDue.Select(r => r.DueDate).ShouldBe(byDue.Select(r => r.DueDate).OrderBy(d => d is null).ThenBy(d => d).ToList());
        Key(byDue[0]).ShouldBe(LongTerm); // its monthly report has been due longest
        var byDueDesc = (await app.ListAsync("admin", Everything with { Descending = true })).Rows;
        byDueDesc.Select(r => r.DueDate).ShouldBe(byDue.Select(r => r.DueDate).OrderBy(d => d is null).ThenByDescending(d => d).ToList());

        var byStatus = (await app.ListAsync("admin", Everything with { Sort = ItemSort.Status, Descending = true })).Rows;
        byStatus.Select(r => r.Status).ShouldBe(byStatus.Select(r => r.Status).OrderDescending().ToList());
        byStatus[0].Status.ShouldBe(ItemStatus.SignedOff);
    }

    [Fact]
    public async Task Paging_splits_the_list_and_reports_the_total()
    {
        var pages = new List<ItemPage>();
        for (var p = 1; p <= 3; p++)
        {
            pages.Add(await app.ListAsync("admin", new ItemFilter { PageSize = 3, Page = p, Sort = ItemSort.Number }));
        }

        pages.ShouldAllBe(p => p.Total == 7 && p.PageCount == 3);
        pages.Select(p => p.Rows.Count).ShouldBe([3, 3, 1]);
        pages.SelectMany(p => p.Rows).Select(r => r.Id).Distinct().Count().ShouldBe(7);

        // A page past the end shows the last page.
        var beyond = await app.ListAsync("admin", new ItemFilter { PageSize = 3, Page = 99, Sort = ItemSort.Number });
        beyond.Page.ShouldBe(3);
        beyond.Rows.Select(r => r.Id).ShouldBe(pages[2].Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task Rows_carry_names_and_deadlines_as_the_ledger_shows_them()
    {
        var rows = (await app.ListAsync("admin", Everything)).Rows;

        var study = rows.Single(r => Key(r) == Study);
        (study.OrganizationName, study.OwnerName, study.LeaderName, study.Source).ShouldBe(("机关第一党支部", "赵敏", "张伟", ProblemSource.DemocraticLifeMeeting));
        var longTerm = rows.Single(r => Key(r) == LongTerm);
        (longTerm.DeadlineType, longTerm.Deadline, longTerm.OwnerName).ShouldBe((DeadlineType.LongTerm, null, "陈静"));
        rows.Single(r => Key(r) == Done).Light.ShouldBe(TrafficLight.Done);
        rows.Single(r => Key(r) == Carrier).Light.ShouldBe(TrafficLight.Yellow);
        rows.Single(r => Key(r) == Study).Light.ShouldBe(TrafficLight.Green);
    }

    [Theory]
    [InlineData("secretary", new[] { Carrier, Study })]
    [InlineData("secretary2", new[] { Late, Style })]
    [InlineData("secretary3", new[] { LongTerm })]
    [InlineData("leader2", new[] { Life })]
    [InlineData("leader", new[] { Life })]
    [InlineData("admin", new[] { LongTerm, Late })]
    public async Task My_work_lists_what_needs_the_user_overdue_first(string user, string[] expected)
    {
        var work = await app.MyWorkAsync(user);

        work.Select(w => Key(w.Row)).ShouldBe(expected);
    }

    [Fact]
    public async Task My_work_says_what_each_item_needs()
    {
        (await app.MyWorkAsync("secretary")).ShouldAllBe(w => w.Needs == WorkNeed.Progress);
        (await app.MyWorkAsync("secretary2")).Select(w => w.Needs).ShouldBe([WorkNeed.Overdue | WorkNeed.Progress, WorkNeed.Progress]);
        (await app.MyWorkAsync("leader2")).Single().Needs.ShouldBe(WorkNeed.SignOff);
        (await app.MyWorkAsync("admin")).ShouldAllBe(w => w.Needs == WorkNeed.Overdue);
    }
}

/// <summary>Scenarios that change data or the clock, on their own app.</summary>
public sealed class ItemScopeClockTests
{
    [Fact]
    public async Task Overdue_and_due_soon_are_decided_on_the_Shanghai_calendar()
    {
        // 16:30 UTC on 21 November is 00:30 on 22 November in Shanghai: "today" is the 22nd although the UTC date is the 21st.
        await using var app = new FixedClockFactory(new DateTimeOffset(2026, 11, 21, 16, 30, 0, TimeSpan.Zero));
        _ = app.Services;
        var today = new DateOnly(2026, 11, 22);
        await SetDueAsync(app, Study, today.AddDays(-1));   // due "yesterday" in Shanghai, today in UTC
        await SetDueAsync(app, Style, today.AddDays(7));    // the last day of the 7-day warning window in Shanghai
        await SetDueAsync(app, Carrier, today.AddDays(8));  // just outside it

        var overdue = await app.ListAsync("admin", new ItemFilter { Due = DueFilter.Overdue, PageSize = 50 });
        Keys(overdue.Rows).ShouldBe([Study, Late, LongTerm], ignoreOrder: true);
        overdue.Rows.Single(r => Key(r) == Study).DaysOverdue.ShouldBe(1);

        var soon = await app.ListAsync("admin", new ItemFilter { Due = DueFilter.DueSoon, PageSize = 50 });
        Keys(soon.Rows).ShouldBe([Style, Life], ignoreOrder: true);
        soon.Rows.ShouldAllBe(r => r.Light == TrafficLight.Yellow);
    }

    [Fact]
    public async Task A_pending_extension_is_on_the_deciding_leaders_work_list()
    {
        await using var app = new RectifyFactory();
        var secretary = await app.AccessAsync("secretary");
        await using (var db = app.CreateDbContext())
        {
            var id = await db.Items.Where(i => i.Description.StartsWith(Study)).Select(i => i.Id).SingleAsync();
            var item = (await ItemCommands.LoadAggregateAsync(db, id, default))!;
            var clock = app.Services.GetRequiredService<LedgerClock>();
            item.RequestExtension(secretary, item.Deadline!.Value.AddDays(30), "需要等待上级文件", clock.Today, clock.Now);
            await db.SaveChangesAsync();
        }

        var work = await app.MyWorkAsync("leader2");
        work.Select(w => (Key(w.Row), w.Needs)).ShouldBe([(Life, WorkNeed.SignOff), (Study, WorkNeed.Extension)], ignoreOrder: true);
        (await app.MyWorkAsync("leader")).Select(w => Key(w.Row)).ShouldBe([Life, Study], ignoreOrder: true);
        (await app.MyWorkAsync("secretary2")).Select(w => Key(w.Row)).ShouldNotContain(Study);
        (await app.MyWorkAsync("admin")).Select(w => Key(w.Row)).ShouldNotContain(Study);
    }

    private static async Task SetDueAsync(RectifyFactory app, string key, DateOnly date)
    {
        await using var db = app.CreateDbContext();
        var id = await db.Items.Where(i => i.Description.StartsWith(key)).Select(i => i.Id).SingleAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE \"RectificationItems\" SET \"Deadline\" = {0}, \"DueDate\" = {0} WHERE \"Id\" = {1}", [date, id]);
    }
}
