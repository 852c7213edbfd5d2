using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.LedgerIO;
using Rectify.Web.Overview;
using static Rectify.Tests.LedgerIO.LedgerIOTestSupport;

namespace Rectify.Tests.Overview;

/// <summary>
/// The overview's figures and the item list's totals come partly from counts the database keeps (decision 0035). After
/// random changes through the real services (new items, an import and a cancelled one, progress, sign-off, closing, reopening,
/// extensions, the administrator's edits of organisation, category and deadline) every figure equals a direct count of the
/// items, for every demo user, on both databases. The app's clock starts 100 days ago and moves on by a few days per change, so
/// items fall due, become overdue and are closed across months and weeks (the kept counts are keyed by due month and week).
/// </summary>
public abstract class KeptCountsTests(RectifyFactory app, KeptCountsTests.MovableClock clock)
{
    /// <summary>On the app's default SQLite database.</summary>
    public sealed class OnSqlite(SqliteApp app) : KeptCountsTests(app, app.Clock), IClassFixture<SqliteApp>;

    /// <summary>On PostgreSQL: triggers and queries differ by provider.</summary>
    public sealed class OnPostgres(PostgresApp app) : KeptCountsTests(app, app.Clock), IClassFixture<PostgresApp>;

    public sealed class SqliteApp : RectifyFactory
    {
        public MovableClock Clock { get; } = new(DateTimeOffset.UtcNow.AddDays(-100));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    public sealed class PostgresApp : PostgresRectifyFactory
    {
        public MovableClock Clock { get; } = new(DateTimeOffset.UtcNow.AddDays(-100));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        }
    }

    /// <summary>A clock the test moves forward.</summary>
    public sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly string[] Users = ["admin", "leader", "leader2", "secretary", "secretary2", "secretary3"];

    private static readonly string[] Categories = ["理论学习", "组织建设", "作风建设", "意识形态"];

    [Fact]
    public async Task Every_figure_equals_a_direct_count_after_random_changes()
    {
        var random = new Random(19);
        var people = new Dictionary<string, AccessContext>();
        foreach (var user in Users)
        {
            people[user] = await ActingAs.AccessAsync(app, user);
        }

        await ImportAsync("计数测试-导入", 3, cancel: false);
        for (var step = 0; step < 80; step++)
        {
            clock.Now = clock.Now.AddDays(random.Next(4)).AddHours(random.Next(6));
            await RandomChangeAsync(random, people);
            if (step % 10 == 4)
            {
                // The nightly job closes what was signed off more than the notice days ago.
                await using var scope = app.Services.CreateAsyncScope();
                await scope.Get<CloseSignedOffRun>().RunAsync(clock.Now);
            }
        }

        // A cancelled import writes a batch and removes it again with a bulk delete that bypasses the change tracker.
        await ImportAsync("计数测试-取消", 230, cancel: true);

        await ShouldEqualDirectCountsAsync();
    }

    private async Task RandomChangeAsync(Random random, Dictionary<string, AccessContext> people)
    {
        await using var db = app.CreateDbContext();
        var ids = await db.Items.OrderBy(i => i.Number).Select(i => i.Id).ToListAsync();
        var branches = await db.Organizations.Where(o => o.Level == OrganizationLevel.Branch).Select(o => o.Id).ToListAsync();
        var ledger = app.Services.GetRequiredService<LedgerClock>();
        var today = ledger.Today;
        if (random.Next(5) == 0)
        {
            await AddItemsAsync(random, branches, today);
            return;
        }

        var id = ids[random.Next(ids.Count)];
        var item = (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
        bool Possible(int action, AccessContext p) => action switch
        {
            0 => item.Can(ItemAction.AddProgress, p),
            1 => item.Can(ItemAction.RequestSignOff, p),
            2 => item.Can(ItemAction.DecideSignOff, p),
            3 => item.Can(ItemAction.Reopen, p),
            4 => item.Can(ItemAction.RequestExtension, p) || item.Can(ItemAction.DecideExtension, p),
            _ => item.Can(ItemAction.EditDetails, p),
        };

        // One of the changes someone may make to this item now.
        // Reopening is rarer than the rest, so signed-off and closed items stay in the ledger to be counted.
        var possible = Enumerable.Range(0, 6).Where(a => (a != 3 || random.Next(4) == 0) && people.Values.Any(p => Possible(a, p))).ToList();
        if (possible.Count == 0)
        {
            return;
        }

        var action = possible[random.Next(possible.Count)];
        var actor = people.Values.First(p => Possible(action, p));
        ItemCommands.ItemOperation operation = action switch
        {
            0 => (i, a, t, n) => i.AddProgress(a, t.AddDays(-random.Next(3)), "计数测试进展。", random.Next(101), t, n),
            1 => (i, a, _, n) => i.RequestSignOff(a, "计数测试完成情况。", n, i.DeadlineType == DeadlineType.LongTerm ? "长效机制。" : null),
            2 when random.Next(3) == 0 => (i, a, _, n) => i.SendBack(a, "计数测试退回。", n),
            2 => (i, a, _, n) => i.ApproveSignOff(a, n),
            3 => (i, a, _, n) => i.Reopen(a, "计数测试重新打开。", n),
            4 when item.PendingExtension is { } pending => (i, a, _, n) => i.DecideExtension(a, pending.Id, random.Next(2) == 0, null, n),
            4 => (i, a, t, n) => i.RequestExtension(a, (i.Deadline ?? t).AddDays(random.Next(5, 40)), "计数测试延期。", t, n),
            _ => (i, a, t, n) => i.UpdateDetails(a, new ItemDetails(
                i.Description, Categories[random.Next(Categories.Length)],
                random.Next(2) == 0 ? branches[random.Next(branches.Count)] : i.ResponsibleOrganizationId,
                i.OwnerId, i.LeaderId, i.DeadlineType,
                i.DeadlineType == DeadlineType.LongTerm ? null : t.AddDays(random.Next(0, 30)), i.Period, i.Remarks), t, n),
        };
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.Get<ItemCommands>().RunAsync(actor, id, item.Version, operation);
        // A refusal by the domain (e.g. a deadline edit while an extension waits) changes nothing; anything else is a failure.
        result.Status.ShouldBeOneOf([CommandStatus.Ok, CommandStatus.Invalid], $"action {action}: {result.Message}");
    }

    private async Task AddItemsAsync(Random random, List<int> branches, DateOnly today)
    {
        await using var db = app.CreateDbContext();
        var lists = await db.ProblemLists.Select(l => l.Id).OrderBy(l => l).ToListAsync();
        var secretary = await app.UserIdAsync("secretary");
        var leader = await app.UserIdAsync("leader2");
        var rows = Enumerable.Range(0, random.Next(1, 4)).Select(k => new NewItemRow
        {
            Description = $"计数测试新增问题{random.Next():D10}。",
            Category = Categories[random.Next(Categories.Length)],
            OrganizationId = branches[random.Next(branches.Count)],
            OwnerId = secretary,
            LeaderId = leader,
            DeadlineType = DeadlineType.ByDate,
            Deadline = today.AddDays(random.Next(0, 40)),
        }).ToList();
        await using var scope = await app.ScopeAsAsync("admin");
        var result = await scope.Get<ProblemListService>().AddItemsAsync(lists[random.Next(lists.Count)], rows);
        result.Status.ShouldBe(CommandStatus.Ok, result.Message);
    }

    private async Task ImportAsync(string title, int count, bool cancel)
    {
        var today = app.Services.GetRequiredService<LedgerClock>().Today;
        var rows = new List<object?[]> { Header.Cast<object?>().ToArray() };
        for (var k = 1; k <= count; k++)
        {
            rows.Add(["", "", $"{title}问题第{k}条。", "", "张伟", k % 2 == 0 ? "机关第二党支部" : "机关第一党支部", "赵敏", Iso(today.AddDays(k % 20)), "", "", "", ""]);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.Get<LedgerExcelImporter>();
        var admin = await ActingAs.AccessAsync(app, "admin");
        var target = ImportTarget.New(title, ProblemSource.Inspection, today, await app.OrganizationIdAsync("区民政局党组"));
        var check = await importer.CheckFileAsync(Workbook([.. rows]), "问题清单.xlsx", target, admin);
        check.CanImport.ShouldBeTrue($"{check.Refusal} {string.Join("; ", check.Errors.Take(3))}");
        if (!cancel)
        {
            (await importer.ImportAsync(check, admin)).Succeeded.ShouldBeTrue();
            return;
        }

        using var cancellation = new CancellationTokenSource();
        var progress = new CancelAfterFirstBatch(cancellation);
        await Should.ThrowAsync<OperationCanceledException>(() => importer.ImportAsync(check, admin, progress, cancellation.Token));
        progress.Cancelled.ShouldBeTrue();
    }

    private async Task ShouldEqualDirectCountsAsync()
    {
        var ledger = app.Services.GetRequiredService<LedgerClock>();
        var today = ledger.Today;
        var soon = today.AddDays(ledger.WarnDays);
        List<RectificationItem> all;
        Dictionary<Guid, ProblemSource> sourceOf;
        OrganizationTree tree;
        Dictionary<Guid, HashSet<string>> measureOwners;
        await using (var db = app.CreateDbContext())
        {
            all = await db.Items.AsNoTracking().ToListAsync();
            sourceOf = await db.ProblemLists.ToDictionaryAsync(l => l.Id, l => l.Source);
            tree = new OrganizationTree(await db.Organizations.AsNoTracking().ToListAsync());
            measureOwners = (await db.Set<Measure>().Where(m => m.OwnerId != null)
                    .Select(m => new { ItemId = EF.Property<Guid>(m, "ItemId"), m.OwnerId }).ToListAsync())
                .GroupBy(m => m.ItemId).ToDictionary(g => g.Key, g => g.Select(m => m.OwnerId!).ToHashSet());
        }

        all.Count.ShouldBeGreaterThan(20);
        all.ShouldContain(i => i.Status == ItemStatus.Closed, "the random changes closed items");
        all.Select(i => i.Status).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4, "the random changes reached most statuses");
        static bool Unfinished(RectificationItem i) => i.Status is not (ItemStatus.SignedOff or ItemStatus.Closed);

        foreach (var user in Users)
        {
            var access = await ActingAs.AccessAsync(app, user);
            var scope = ItemAccess.ReadScope(access.Actor, access.Organizations);
            var mine = all.Where(i => scope.All || scope.OrganizationIds.Contains(i.ResponsibleOrganizationId) || i.OwnerId == scope.UserId
                || i.LeaderId == scope.UserId || (measureOwners.TryGetValue(i.Id, out var owners) && owners.Contains(scope.UserId))).ToList();

            OverviewFigures figures;
            IReadOnlyList<BranchRow> table;
            await using (var services = app.Services.CreateAsyncScope())
            {
                figures = await services.Get<OverviewQueries>().GetAsync(access);
                table = await services.Get<OverviewQueries>().GetBranchesAsync(access);
            }

            // The full table (/overview/organizations) shows the same rows, in the same order, as the figures checked below.
            table.ShouldBe(figures.Branches, user);

            figures.Total.ShouldBe(mine.Count, user);
            foreach (var status in Enum.GetValues<ItemStatus>())
            {
                figures.ByStatus[status].ShouldBe(mine.Count(i => i.Status == status), $"{user} {status}");
            }

            figures.Overdue.ShouldBe(mine.Count(i => Unfinished(i) && i.DueDate < today), user);
            figures.DueSoon.ShouldBe(mine.Count(i => Unfinished(i) && i.DueDate >= today && i.DueDate <= soon), user);
            foreach (var branch in figures.Branches)
            {
                var own = mine.Where(i => i.ResponsibleOrganizationId == branch.OrganizationId).ToList();
                (branch.Total, branch.Closed, branch.Unfinished, branch.Overdue, branch.DueSoon).ShouldBe((
                    own.Count, own.Count(i => i.Status == ItemStatus.Closed), own.Count(Unfinished),
                    own.Count(i => Unfinished(i) && i.DueDate < today), own.Count(i => Unfinished(i) && i.DueDate >= today && i.DueDate <= soon)),
                    $"{user} {branch.Name}");
            }

            figures.Branches.Where(b => b.Total > 0).Select(b => b.OrganizationId)
                .ShouldBe(mine.Select(i => i.ResponsibleOrganizationId).Distinct(), ignoreOrder: true);
            figures.Sources.Select(s => (s.Source, s.Total, s.Closed)).ShouldBe(
                mine.GroupBy(i => sourceOf[i.ProblemListId]).Select(g => (g.Key, g.Count(), g.Count(i => i.Status == ItemStatus.Closed))),
                ignoreOrder: true);
            figures.Categories.Select(c => (c.Category, c.Total, c.Closed)).ShouldBe(
                mine.GroupBy(i => i.Category).Select(g => (g.Key, g.Count(), g.Count(i => i.Status == ItemStatus.Closed))),
                ignoreOrder: true);
            foreach (var week in figures.Weeks)
            {
                var from = ledger.StartOfDay(week.Start);
                var before = ledger.StartOfDay(week.End.AddDays(1));
                (week.New, week.Closed).ShouldBe((
                    mine.Count(i => i.CreatedOn >= week.Start && i.CreatedOn <= week.End),
                    mine.Count(i => i.ClosedAt >= from && i.ClosedAt < before)), $"{user} {week.Start}");
            }

            var office = await app.OrganizationIdAsync("机关第一党支部");
            var committee = await app.OrganizationIdAsync("区民政局党组");
            var filters = new (ItemFilter Filter, Func<RectificationItem, bool> Expected)[]
            {
                (new ItemFilter(), _ => true),
                (new ItemFilter { Due = DueFilter.Overdue }, i => Unfinished(i) && i.DueDate < today),
                (new ItemFilter { Due = DueFilter.DueSoon }, i => Unfinished(i) && i.DueDate >= today && i.DueDate <= soon),
                (new ItemFilter { Due = DueFilter.Unfinished }, Unfinished),
                (new ItemFilter { Status = ItemStatus.InProgress }, i => i.Status == ItemStatus.InProgress),
                (new ItemFilter { Status = ItemStatus.Closed, Category = "理论学习" }, i => i.Status == ItemStatus.Closed && i.Category == "理论学习"),
                (new ItemFilter { Status = ItemStatus.InProgress, Category = "组织建设", Source = ProblemSource.Inspection },
                    i => i.Status == ItemStatus.InProgress && i.Category == "组织建设" && sourceOf[i.ProblemListId] == ProblemSource.Inspection),
                (new ItemFilter { Source = ProblemSource.DemocraticLifeMeeting }, i => sourceOf[i.ProblemListId] == ProblemSource.DemocraticLifeMeeting),
                (new ItemFilter { Category = "作风建设", Due = DueFilter.Overdue }, i => i.Category == "作风建设" && Unfinished(i) && i.DueDate < today),
                (new ItemFilter { OrganizationId = office, OrganizationOnly = true }, i => i.ResponsibleOrganizationId == office),
                (new ItemFilter { OrganizationId = office, OrganizationOnly = true, Due = DueFilter.Overdue },
                    i => i.ResponsibleOrganizationId == office && Unfinished(i) && i.DueDate < today),
                (new ItemFilter { OrganizationId = committee, Status = ItemStatus.Open },
                    i => tree.SelfAndDescendantsOf(committee).Contains(i.ResponsibleOrganizationId) && i.Status == ItemStatus.Open),
            };
            foreach (var (filter, expected) in filters)
            {
                var ids = new List<Guid>();
                ItemPage page;
                var number = 1;
                do
                {
                    page = await app.ListAsync(user, filter with { PageSize = 200, Page = number++, Sort = ItemSort.Number });
                    ids.AddRange(page.Rows.Select(r => r.Id));
                }
                while (page.Page < page.PageCount);

                ids.ShouldBe(mine.Where(expected).Select(i => i.Id), ignoreOrder: true, $"{user} {filter}");
                page.Total.ShouldBe(ids.Count, $"{user} {filter}");
            }
        }
    }

    private sealed class CancelAfterFirstBatch(CancellationTokenSource cancellation) : IProgress<LedgerProgress>
    {
        public bool Cancelled { get; private set; }

        public void Report(LedgerProgress value)
        {
            if (value.Phase == LedgerPhase.Saving && value.Done > 0 && value.Done < value.Total && !Cancelled)
            {
                Cancelled = true;
                cancellation.Cancel();
            }
        }
    }
}
