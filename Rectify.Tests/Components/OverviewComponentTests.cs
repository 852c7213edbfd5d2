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

    /// <summary>How many items the list at <paramref name="href"/> (e.g. items?due=Overdue) shows this viewer.</summary>
    private static async Task<int> CountAsync(ItemQueries queries, Rectify.Domain.Access.AccessContext access, string href)
    {
        var query = href.Contains('?', StringComparison.Ordinal) ? href[href.IndexOf('?', StringComparison.Ordinal)..] : "";
        var filter = ItemFilterQuery.Parse(new Microsoft.AspNetCore.Http.QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)));
        return (await queries.ListAsync(access, filter)).Total;
    }
}
