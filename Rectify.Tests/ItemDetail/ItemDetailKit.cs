using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Tests.Support;
using Rectify.Web.Data;
using Rectify.Web.Evidence;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

namespace Rectify.Tests.ItemDetail;

/// <summary>
/// Helpers for the item detail tests on the shared browser app (<see cref="BrowserFixture"/>): BootstrapBlazor keeps one
/// process-wide service provider (CacheManager.Instance), so a second app rendering pages in the same test process breaks
/// when the other is disposed. Every test creates its own items in 机关第一党支部 and only asserts about them.
/// </summary>
public sealed class ItemDetailKit : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly BrowserFixture? _browser;

    public ItemDetailKit(BrowserFixture browser)
    {
        _browser = browser;
        App = browser.App;
    }

    /// <summary>Without a browser: the services of <paramref name="app"/> only (e.g. the same tests on PostgreSQL).</summary>
    public ItemDetailKit(RectifyFactory app) => App = app;

    public BrowserFixture Browser => _browser ?? throw new InvalidOperationException("This kit has no browser.");

    public RectifyFactory App { get; }

    public string EvidenceRoot => App.Services.GetRequiredService<EvidenceStore>().Root;

    public long MaxFileBytes => App.Services.GetRequiredService<EvidenceStore>().MaxFileBytes;

    /// <summary>Signs in (a fresh browser context, closed when the test ends).</summary>
    public async Task<IPage> SignInAsync(string userName, ViewportSize? viewport = null)
    {
        var page = await Browser.SignInAsync(userName, viewport: viewport);
        _contexts.Add(page.Context);
        return page;
    }

    /// <summary>Opens an item's page and waits until it is interactive; returns the HTTP response of the page load.</summary>
    public static async Task<IResponse?> OpenItemAsync(IPage page, Guid itemId)
    {
        var response = await page.GotoAsync($"items/{itemId}");
        await BrowserFixture.WaitForCircuitAsync(page);
        return response;
    }

    /// <summary>The domain's view of a demo user, as the app builds it from their sign-in.</summary>
    public async Task<AccessContext> AccessAsync(string userName)
    {
        await using var db = App.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.UserName == userName);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == user.Id select r.Name).ToListAsync();
        var assigned = await db.LeaderAssignments.Where(a => a.UserId == user.Id).Select(a => a.OrganizationId).ToListAsync();
        var tree = new OrganizationTree(await db.Organizations.AsNoTracking().ToListAsync());
        var actor = new Actor(user.Id, user.DisplayName, roles.Contains(Roles.Admin), roles.Contains(Roles.Leader),
            roles.Contains(Roles.Leader) && user.IsTopLeader, roles.Contains(Roles.Secretary), user.OrganizationId, assigned.ToHashSet());
        return new AccessContext(actor, tree);
    }

    /// <summary>A new item of 机关第一党支部 (owner 赵敏 'secretary', leader 张伟 'leader2'), created by the administrator.</summary>
    /// <param name="ageDays">How many days ago the item was created (its history reads naturally in screenshots).</param>
    public async Task<Guid> CreateItemAsync(string description, Action<RectificationItem, Func<string, AccessContext>, DateOnly, DateTimeOffset>? arrange = null, int ageDays = 0)
    {
        var clock = App.Services.GetRequiredService<LedgerClock>();
        var people = new Dictionary<string, AccessContext>();
        foreach (var name in new[] { "admin", "secretary", "leader2" })
        {
            people[name] = await AccessAsync(name);
        }

        await using var db = App.CreateDbContext();
        var list = await db.ProblemLists.OrderBy(l => l.CreatedAt).FirstAsync();
        var numbers = await db.Items.Where(i => i.ProblemListId == list.Id).Select(i => i.Number).ToListAsync();
        var office = await db.Organizations.SingleAsync(o => o.Name == "机关第一党支部");
        var today = clock.Today;
        var now = clock.Now;
        var item = RectificationItem.Create(people["admin"], list, ItemNumber.NextSequence(list.NumberPrefix, numbers),
            new ItemDetails(description, "理论学习", office.Id, people["secretary"].Actor.UserId, people["leader2"].Actor.UserId,
                DeadlineType.ByDate, today.AddDays(30)),
            today.AddDays(-ageDays), now.AddDays(-ageDays));
        item.AddMeasure(people["admin"], "每月开展集中学习不少于1次", null, today.AddDays(20), now.AddDays(-ageDays));
        arrange?.Invoke(item, name => people[name], today, now);
        db.Items.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    public async Task<RectificationItem> LoadAsync(Guid itemId)
    {
        await using var db = App.CreateDbContext();
        return (await ItemCommands.LoadAggregateAsync(db, itemId, CancellationToken.None))!;
    }

    /// <summary>Every file under the evidence folder (temporary ones included).</summary>
    public string[] EvidenceFiles() =>
        Directory.Exists(EvidenceRoot) ? Directory.GetFiles(EvidenceRoot, "*", SearchOption.AllDirectories).Order().ToArray() : [];

    /// <summary>Closes the browser contexts this test opened, so their circuits do not pile up.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        _contexts.Clear();
    }
}

/// <summary>Small real files for uploads.</summary>
public static class SampleFiles
{
    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>A minimal PDF.</summary>
    public static readonly byte[] Pdf = System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>The start of a Windows program (MZ header).</summary>
    public static readonly byte[] Exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00];

    public static FilePayload File(string name, byte[] bytes, string mime = "application/octet-stream") =>
        new() { Name = name, MimeType = mime, Buffer = bytes };
}
