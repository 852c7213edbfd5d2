using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Ledger;
using Rectify.Tests.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Auditing;
using Rectify.Generator;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Generator;

/// <summary>
/// The benchmark data generator at a small size: it fills an empty ledger with the promised shape, the audit chain it writes
/// verifies, and the app's queries, reminder run and pages work on it for each kind of user.
/// </summary>
public sealed class LedgerGeneratorTests : IClassFixture<LedgerGeneratorTests.GeneratedApp>
{
    private const int Items = 1000;
    private readonly GeneratedApp _app;

    public LedgerGeneratorTests(GeneratedApp app) => _app = app;

    public sealed class GeneratedApp : RectifyFactory, IAsyncLifetime
    {
        public GeneratedApp() => With("Rectify:SeedDemoData", "false").With("Rectify:InitialAdminPassword", "Initial@2026x");

        public GeneratorResult Result { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _ = Services; // starts the host: migrations and the first administrator
            using var scope = Services.CreateScope();
            var generator = ActivatorUtilities.CreateInstance<LedgerGenerator>(scope.ServiceProvider);
            Result = await generator.GenerateAsync(new GeneratorOptions(Items, Organizations: 40, Users: 300, ChunkSize: 400));
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public async Task Writes_the_requested_tree_people_and_items_in_every_state()
    {
        await using var db = _app.CreateDbContext();
        (await db.Items.CountAsync()).ShouldBe(Items);
        (await db.Organizations.CountAsync()).ShouldBe(40);
        (await db.Users.CountAsync()).ShouldBe(301); // and the first administrator created at start
        (await db.Organizations.Select(o => o.Name).FirstAsync(o => o.EndsWith("党组"))).ShouldBe("市民政局党组");
        (await db.LeaderAssignments.CountAsync()).ShouldBeGreaterThan(0);
        (await db.Set<Measure>().CountAsync()).ShouldBe(_app.Result.Measures);
        (await db.Set<ProgressReport>().CountAsync()).ShouldBe(_app.Result.ProgressReports);

        var byStatus = await db.Items.GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Enum.GetValues<ItemStatus>().ShouldAllBe(s => byStatus.GetValueOrDefault(s) > 0);
        var unfinished = byStatus[ItemStatus.Open] + byStatus[ItemStatus.InProgress] + byStatus[ItemStatus.AwaitingSignOff];
        ((double)unfinished / Items).ShouldBeInRange(0.6, 0.85);
        _app.Result.Overdue.ShouldBeInRange(Items / 20, Items / 2);
        (await db.Set<ExtensionRequest>().AnyAsync(e => e.State == ExtensionState.Pending)).ShouldBeTrue();
    }

    [Fact]
    public async Task The_generated_audit_entries_are_sealed_into_a_chain_that_verifies()
    {
        var verification = await _app.Services.GetRequiredService<AuditChain>().VerifyAsync();

        verification.Intact.ShouldBeTrue(verification.Problem);
        verification.Unsealed.ShouldBe(0);
        verification.Checked.ShouldBeGreaterThanOrEqualTo(_app.Result.AuditEntries);
    }

    [Fact]
    public async Task The_item_list_works_for_each_kind_of_user()
    {
        var overdue = new ItemFilter { Due = DueFilter.Overdue };
        var admin = await _app.ListAsync("bench.admin", overdue);
        admin.Total.ShouldBe(_app.Result.Overdue);
        admin.Rows.Count.ShouldBe(20);
        admin.Rows.ShouldAllBe(r => r.Light == TrafficLight.Red);

        var leader = await _app.ListAsync("bench.leader2", new ItemFilter());
        leader.Total.ShouldBeInRange(1, Items - 1);
        var secretary = await _app.ListAsync("bench.secretary", new ItemFilter { PageSize = 200 });
        secretary.Rows.Select(r => r.OrganizationName).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task The_reminder_run_enqueues_digests_for_the_generated_people()
    {
        using var scope = _app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<ReminderRun>().RunAsync(DateTimeOffset.UtcNow);

        result.Enqueued.ShouldBeGreaterThan(5);
    }

    [Fact]
    public async Task A_generated_secretary_signs_in_and_sees_their_overdue_items_on_the_prerendered_list()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookies = await HttpSignIn.CookiesAsync(client, "bench.secretary");
        // With a query string the list is rendered on the server (prerendering); without one it waits for the remembered filter.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items?due=Overdue");
        request.Headers.Add("Cookie", cookies);

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = (await _app.ListAsync("bench.secretary", new ItemFilter { Due = DueFilter.Overdue })).Rows[0];
        (await response.Content.ReadAsStringAsync()).ShouldContain(first.Number);
    }

    [Fact]
    public async Task The_organisation_filter_offers_the_top_levels_and_then_the_branches_of_the_chosen_one()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var cookies = await HttpSignIn.CookiesAsync(client, "bench.admin");
        await using var db = _app.CreateDbContext();
        var organisations = await db.Organizations.AsNoTracking().ToListAsync();
        var root = organisations.Single(o => o.ParentId is null);
        var general = organisations.Where(o => o.ParentId == root.Id).OrderBy(o => o.Id).ToList();
        var chosen = general.First(g => organisations.Any(o => o.ParentId == g.Id));
        var other = general.Last(g => g.Id != chosen.Id && organisations.Any(o => o.ParentId == g.Id));

        async Task<List<string>> OptionsAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", cookies);
            using var response = await client.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
            return html.QuerySelectorAll("#filter-org option").Select(o => o.GetAttribute("value") ?? "").ToList();
        }

        // Not every one of the 40: 全部单位, the 党组 and its 党总支.
        var first = await OptionsAsync("/items?due=Overdue");
        first.ShouldBe(["", root.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            .. general.Select(g => g.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))], ignoreOrder: true);

        // Having chosen a 党总支, its 党支部 are offered too (under it), not those of another.
        var drilled = await OptionsAsync($"/items?org={chosen.Id}");
        foreach (var branch in organisations.Where(o => o.ParentId == chosen.Id))
        {
            drilled.ShouldContain(branch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        drilled.ShouldNotContain(organisations.First(o => o.ParentId == other.Id).Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        drilled.IndexOf(chosen.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBeLessThan(drilled.IndexOf(organisations.First(o => o.ParentId == chosen.Id).Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
