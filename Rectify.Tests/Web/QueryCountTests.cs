using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Tests.Generator;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Domain.Ledger;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Web;

/// <summary>
/// No N+1 queries on any page (issue #6). Pages are requested over HTTP, signed in, on a generated ledger (1,000 items,
/// 40 organisations, 300 users); the server prerenders them, so every query a page makes runs inside the request, and the SQL
/// commands sent to the app's own database are counted through EF Core's DiagnosticListener. Two checks: a page shown with many
/// rows and with few (a wide and a narrow filter, a list of ~250 items and one of 1, an item with many measures and progress
/// reports and one with few) sends about as many commands (within one, see the test); and every page sends a handful of commands however many rows it
/// shows (300 users, 40 organisations, 50 audit entries, 250 items).
/// </summary>
public sealed class QueryCountTests(LedgerGeneratorTests.GeneratedApp app) : IClassFixture<LedgerGeneratorTests.GeneratedApp>
{
    /// <summary>The most commands any page may send: a query per row would exceed it on every page that shows 20 rows or more.</summary>
    private const int MaxCommandsPerPage = 12;

    [Fact]
    public async Task A_page_sends_as_many_queries_for_many_rows_as_for_few()
    {
        var rich = await ItemsByChildrenAsync();
        var overdue = (await app.ListAsync("bench.admin", new ItemFilter { Due = DueFilter.Overdue })).Rows[0];
        // The narrow filter of a list counted from the kept counts (decision 0035) stays on that path: one organisation's own
        // items. A text filter would count directly, with a different but fixed number of commands.
        var leadersItem = (await app.ListAsync("bench.leader2", new ItemFilter { Due = DueFilter.Unfinished })).Rows[0];
        var cases = new (string Page, string User, string Many, string Few)[]
        {
            ("整改台账, overdue", "bench.admin", "/items?due=Overdue", $"/items?due=Overdue&org={overdue.OrganizationId}&orgonly=1"),
            ("整改台账, by status", "bench.admin", "/items?status=InProgress", $"/items?status=InProgress&org={await BranchIdAsync("bench.secretary")}"),
            ("整改台账, a 包抓 leader", "bench.leader2", "/items?due=Unfinished", $"/items?due=Unfinished&org={leadersItem.OrganizationId}&orgonly=1"),
            ("问题清单 detail", "bench.admin", $"/problem-lists/{await LargestListAsync()}", $"/problem-lists/{await SmallListAsync()}"),
            ("整改事项 detail", "bench.admin", $"/items/{rich[0]}", $"/items/{rich[^1]}"),
        };

        var failures = new List<string>();
        foreach (var (page, user, many, few) in cases)
        {
            await MeasureAsync(user, few); // warms what the app caches (the organisation tree) and the user's sign-in
            var (manyCommands, manyRows) = await WarmMeasureAsync(user, many);
            var (fewCommands, fewRows) = await WarmMeasureAsync(user, few);
            manyRows.ShouldBeGreaterThan(fewRows, page);
            // A query per row would add one command per row: 14 or more here. One command either way is what the app keeps
            // for seconds (the user's state, the leaders offered, decision 0037) expiring on its own clock during the requests;
            // seen in fresh-clone runs with two test processes, in both directions.
            if (Math.Abs(manyCommands - fewCommands) > 1)
            {
                failures.Add($"{page}: {manyCommands} SQL commands for {manyRows} rows, {fewCommands} for {fewRows}");
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>
    /// The fewest commands of three requests in a row: what the app keeps for a few seconds (the user's state, the leaders
    /// offered in the filters) expires on its own clock, and whichever request comes after an expiry reads it again. A query
    /// per row shows in all three.
    /// </summary>
    private async Task<(int Commands, int Rows)> WarmMeasureAsync(string user, string path)
    {
        var best = await MeasureAsync(user, path);
        for (var k = 0; k < 2; k++)
        {
            var next = await MeasureAsync(user, path);
            best = next.Commands < best.Commands ? next : best;
        }

        return best;
    }

    [Fact]
    public async Task Every_page_sends_a_handful_of_queries_however_many_rows_it_shows()
    {
        var rich = await ItemsByChildrenAsync();
        var cases = new (string User, string Url, int MinRows, int Extra)[]
        {
            ("bench.admin", "/items?due=Overdue", 20, 0),
            ("bench.leader2", "/items?due=Unfinished", 20, 0),
            ("bench.admin", "/problem-lists", 0, 0),
            ("bench.admin", $"/problem-lists/{await LargestListAsync()}", 200, 0),
            ("bench.admin", $"/items/{rich[0]}", 10, 0),
            // The whole ledger's overview counts the items closed in each of the trend's twelve weeks as a range of the ClosedAt
            // index, one statement per week (decision 0062: one GROUP BY sorted ~70,000 closed items at 1M); a fixed number,
            // whatever the ledger's size, so the page's allowance is the others' plus those twelve.
            ("bench.admin", "/overview", 20, Rectify.Web.Overview.OverviewQueries.TrendWeeks),
            ("bench.leader2", "/overview", 10, 0),
            ("bench.admin", "/overview/organizations", 40, 0),
            ("bench.leader2", "/overview/organizations?order=attention", 5, 0),
            ("bench.leader2", "/", 0, 0),
            ("bench.secretary", "/", 0, 0),
            ("bench.admin", "/admin/users", 300, 0),
            ("bench.admin", "/admin/organizations", 40, 0),
            ("bench.admin", "/admin/audit", 50, 0),
            ("bench.admin", "/admin/outbox", 0, 0),
            ("bench.admin", "/admin/jobs", 0, 0),
            ("bench.secretary", "/account/notifications", 0, 0),
            ("bench.admin", "/ledger/import", 0, 0),
        };

        var failures = new List<string>();
        foreach (var (user, url, minRows, extra) in cases)
        {
            await MeasureAsync(user, url);
            var (commands, rows) = await MeasureAsync(user, url);
            rows.ShouldBeGreaterThanOrEqualTo(minRows, url);
            if (commands > MaxCommandsPerPage + extra)
            {
                failures.Add($"{url} as {user}: {commands} SQL commands for {rows} rows");
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>Item ids, the one with the most measures and progress reports first.</summary>
    private async Task<List<Guid>> ItemsByChildrenAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.Items.OrderByDescending(i => i.Measures.Count + i.ProgressReports.Count).Select(i => i.Id).ToListAsync();
    }

    private async Task<Guid> LargestListAsync()
    {
        await using var db = app.CreateDbContext();
        return await db.ProblemLists.OrderByDescending(l => db.Items.Count(i => i.ProblemListId == l.Id)).Select(l => l.Id).FirstAsync();
    }

    /// <summary>A problem list with a single item (the generated ones have ~250 each), made as the administrator would.</summary>
    private async Task<Guid> SmallListAsync()
    {
        const string title = "2026年度督查问题清单（查询计数）";
        await using (var existing = app.CreateDbContext())
        {
            if (await existing.ProblemLists.Where(l => l.Title == title).Select(l => (Guid?)l.Id).SingleOrDefaultAsync() is { } id)
            {
                return id;
            }
        }

        await using var scope = await app.ScopeAsAsync("bench.admin");
        var service = scope.Get<ProblemListService>();
        await using var db = app.CreateDbContext();
        var root = await db.Organizations.Where(o => o.ParentId == null).Select(o => o.Id).SingleAsync();
        var list = await service.CreateAsync(title, ProblemSource.Supervision, new DateOnly(2026, 3, 1), root);
        list.Succeeded.ShouldBeTrue(list.Message);
        var added = await service.AddItemsAsync(list.Value, [new NewItemRow
        {
            Description = "调研成果转化不够。",
            Category = "作风建设",
            OrganizationId = await BranchIdAsync("bench.secretary"),
            OwnerId = await db.Users.Where(u => u.UserName == "bench.secretary").Select(u => u.Id).SingleAsync(),
            LeaderId = await db.Users.Where(u => u.UserName == "bench.leader2").Select(u => u.Id).SingleAsync(),
            DeadlineType = DeadlineType.ByDate,
            Deadline = scope.Get<LedgerClock>().Today.AddDays(30),
            Measures = "每月召开一次成果转化会",
        }]);
        added.Succeeded.ShouldBeTrue(added.Message);
        return list.Value;
    }

    private async Task<int> BranchIdAsync(string userName)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.OrganizationId!.Value).SingleAsync();
    }

    private async Task<(int Commands, int Rows)> MeasureAsync(string userName, string url)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookies = await HttpSignIn.CookiesAsync(client, userName);
        using var counter = new CommandCounter(app.Data.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookies);
        using var response = await client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url} as {userName}");
        var document = await new HtmlParser().ParseDocumentAsync(html);
        return (counter.Count, Rows(document));
    }

    /// <summary>Table rows and list entries (the menu's ~10 links included).</summary>
    private static int Rows(IHtmlDocument document) => document.QuerySelectorAll("tbody tr, li").Length;

    /// <summary>Counts the SQL commands EF Core executes against the database under one data folder, while it is alive.</summary>
    private sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _dataFolder;
        private readonly IDisposable _allListeners;
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public CommandCounter(string dataFolder)
        {
            _dataFolder = dataFolder;
            _allListeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.CommandError.Name));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Value is CommandEndEventData data && (data.Command.Connection?.DataSource ?? "").Contains(_dataFolder, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _allListeners.Dispose();
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
