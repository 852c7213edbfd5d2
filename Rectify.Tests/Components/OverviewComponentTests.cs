using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Components;

/// <summary>
/// The overview's drill-down, rendered with bUnit on the real app's services: every headline number and every branch
/// links to the item list filtered so that the list holds exactly the items the number counts, for the viewer's scope.
/// </summary>
[Collection(ComponentCollection.Name)]
public sealed class OverviewComponentTests(ComponentTestApp app) : IAsyncLifetime
{
    private BunitContext? _context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("leader2")]
    public async Task Every_headline_and_branch_number_links_to_a_list_of_exactly_that_many_items(string userName)
    {
        _context = await app.SignInAsync(userName);
        _context.Services.AddScoped<Rectify.Web.Overview.OverviewQueries>();
        _context.Services.AddBootstrapBlazor();
        var overview = _context.Render<Rectify.Web.Components.Pages.Overview.Overview>();
        overview.WaitForElement("[data-testid=kpis]");

        var links = overview.FindAll("[data-testid^=kpi-]").Where(a => a.HasAttribute("href"))
            .Select(a => (Href: a.GetAttribute("href")!, Value: a.QuerySelector("[data-testid=kpi-value]")!.TextContent))
            .Where(k => !k.Value.Contains('%', StringComparison.Ordinal))
            .ToList();
        links.Count.ShouldBeGreaterThanOrEqualTo(5);
        // Each branch row's numbers (事项, 已销号, 逾期, 临期) are links too.
        var branchNumbers = overview.FindAll("tr[data-testid=branch] a[data-testid=branch-total], tr[data-testid=branch] a[data-testid=branch-closed], "
                + "tr[data-testid=branch] a[data-testid=branch-overdue], tr[data-testid=branch] a[data-testid=branch-due-soon]")
            .Select(a => (Href: a.GetAttribute("href")!, Value: a.TextContent.Trim()))
            .ToList();
        branchNumbers.Count.ShouldBeGreaterThanOrEqualTo(4);
        branchNumbers.ShouldContain(b => b.Value != "0");

        await using var scope = await app.App.ScopeAsAsync(userName);
        var queries = scope.Get<ItemQueries>();
        var access = await app.App.AccessAsync(userName);
        foreach (var (href, value) in links)
        {
            (await CountAsync(queries, access, href)).ShouldBe(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), href);
        }

        foreach (var (href, value) in branchNumbers)
        {
            (await CountAsync(queries, access, href)).ShouldBe(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), href);
        }
    }

    /// <summary>
    /// The full table at /overview/organizations, read page by page (2 rows a page here), holds every organisation row of the
    /// overview's figures in the ranking's order, or in the order of attention, and every number links to exactly that many items.
    /// </summary>
    [Theory]
    [InlineData("admin", false)]
    [InlineData("leader2", false)]
    [InlineData("admin", true)]
    public async Task The_full_table_pages_through_every_organisation_and_each_number_links_to_exactly_that_many_items(string userName, bool byAttention)
    {
        _context = await app.SignInAsync(userName);
        _context.Services.AddScoped<Rectify.Web.Overview.OverviewQueries>();
        _context.Services.AddBootstrapBlazor();
        var access = await app.App.AccessAsync(userName);
        IReadOnlyList<Rectify.Web.Overview.BranchRow> expected;
        await using (var scope = await app.App.ScopeAsAsync(userName))
        {
            var all = (await scope.Get<Rectify.Web.Overview.OverviewQueries>().GetAsync(access)).Branches;
            expected = byAttention ? Rectify.Web.Overview.OverviewQueries.ByAttention(all).ToList() : all;
        }

        expected.Count.ShouldBeGreaterThan(1);
        var seen = new List<(int Org, int Rank, string Light, string Total, string Closed, string Overdue, string DueSoon)>();
        var links = new List<(string Href, string Value)>();
        var pages = (expected.Count + 1) / 2;
        for (var page = 1; page <= pages; page++)
        {
            // The page reads its page and order from the address, as after following the pager's links.
            _context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
                .NavigateTo($"overview/organizations?page={page}" + (byAttention ? "&order=attention" : ""));
            var table = _context.Render<Rectify.Web.Components.Pages.Overview.OverviewOrganizations>(p => p.Add(c => c.PageSize, 2));
            table.WaitForElement("[data-testid=branches]");
            if (pages > 1)
            {
                table.Find("[data-testid=page]").TextContent.ShouldBe($"第 {page} / {pages} 页");
                table.FindAll("[data-testid=next].disabled").Count.ShouldBe(page == pages ? 1 : 0);
            }

            foreach (var row in table.FindAll("tr[data-testid=branch]"))
            {
                string Number(string id) => row.QuerySelector($"a[data-testid={id}]")!.TextContent.Trim();
                seen.Add((int.Parse(row.GetAttribute("data-org")!, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(row.GetAttribute("data-rank")!, System.Globalization.CultureInfo.InvariantCulture), row.GetAttribute("data-light")!,
                    Number("branch-total"), Number("branch-closed"), Number("branch-overdue"), Number("branch-due-soon")));
                links.AddRange(row.QuerySelectorAll("a[data-testid=branch-total], a[data-testid=branch-closed], a[data-testid=branch-overdue], a[data-testid=branch-due-soon]")
                    .Select(a => (a.GetAttribute("href")!, a.TextContent.Trim())));
            }
        }

        static string N(int value) => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        seen.ShouldBe(expected.Select(b => (b.OrganizationId, b.Rank, b.Light.ToString(), N(b.Total), N(b.Closed), N(b.Overdue), N(b.DueSoon))).ToList());
        if (byAttention)
        {
            return;
        }

        await using var itemScope = await app.App.ScopeAsAsync(userName);
        var queries = itemScope.Get<ItemQueries>();
        foreach (var (href, value) in links.Where(l => l.Value != "0").Distinct())
        {
            (await CountAsync(queries, access, href)).ShouldBe(int.Parse(value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture), href);
        }
    }

    /// <summary>A hand-edited page number in the address shows the nearest real page instead of breaking the page.</summary>
    [Theory]
    [InlineData("abc", 1)]
    [InlineData("-5", 1)]
    [InlineData("99999", 0)]
    public async Task A_malformed_or_out_of_range_page_number_shows_the_first_or_last_page(string asked, int expectedPage)
    {
        _context = await app.SignInAsync("admin");
        _context.Services.AddScoped<Rectify.Web.Overview.OverviewQueries>();
        _context.Services.AddBootstrapBlazor();
        _context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo($"overview/organizations?page={asked}");
        var table = _context.Render<Rectify.Web.Components.Pages.Overview.OverviewOrganizations>(p => p.Add(c => c.PageSize, 2));
        table.WaitForElement("[data-testid=branches]");
        var pages = table.Find("[data-testid=page]").TextContent;
        var last = int.Parse(System.Text.RegularExpressions.Regex.Match(pages, @"/ (\d+) 页").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        pages.ShouldBe($"第 {(expectedPage == 0 ? last : expectedPage)} / {last} 页");
        table.FindAll("tr[data-testid=branch]").ShouldNotBeEmpty();
    }

    /// <summary>The overview lists at most <see cref="Rectify.Web.Overview.OverviewQueries.AttentionRows"/> organisations, most overdue first, and offers the full table when there are more.</summary>
    [Fact]
    public async Task The_overview_lists_the_organisations_that_need_attention_first_and_offers_all_of_them()
    {
        _context = await app.SignInAsync("admin");
        _context.Services.AddScoped<Rectify.Web.Overview.OverviewQueries>();
        _context.Services.AddBootstrapBlazor();
        var access = await app.App.AccessAsync("admin");
        IReadOnlyList<Rectify.Web.Overview.BranchRow> all;
        await using (var scope = await app.App.ScopeAsAsync("admin"))
        {
            all = (await scope.Get<Rectify.Web.Overview.OverviewQueries>().GetAsync(access)).Branches;
        }

        var overview = _context.Render<Rectify.Web.Components.Pages.Overview.Overview>();
        overview.WaitForElement("[data-testid=kpis]");
        var shown = overview.FindAll("tr[data-testid=branch]").Select(r => int.Parse(r.GetAttribute("data-org")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        shown.ShouldBe(Rectify.Web.Overview.OverviewQueries.ByAttention(all).Take(Rectify.Web.Overview.OverviewQueries.AttentionRows).Select(b => b.OrganizationId).ToList());
        var overdue = all.Where(b => shown.Contains(b.OrganizationId)).Select(b => b.Overdue).ToList();
        all.Where(b => !shown.Contains(b.OrganizationId)).ShouldAllBe(b => b.Overdue <= overdue.Min());
        if (all.Count > Rectify.Web.Overview.OverviewQueries.AttentionRows)
        {
            var more = overview.Find("[data-testid=all-organizations]");
            more.GetAttribute("href").ShouldBe("overview/organizations");
            more.TextContent.ShouldContain($"显示全部 {all.Count} 个党组织");
        }
        else
        {
            overview.FindAll("[data-testid=all-organizations]").ShouldBeEmpty();
        }
    }

    /// <summary>How many items the list at <paramref name="href"/> (e.g. items?due=Overdue) shows this viewer.</summary>
    private static async Task<int> CountAsync(ItemQueries queries, Rectify.Domain.Access.AccessContext access, string href)
    {
        var query = href.Contains('?', StringComparison.Ordinal) ? href[href.IndexOf('?', StringComparison.Ordinal)..] : "";
        var filter = ItemFilterQuery.Parse(new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));
        return (await queries.ListAsync(access, filter)).Total;
    }
}
