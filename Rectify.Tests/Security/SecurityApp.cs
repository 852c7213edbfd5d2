using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Evidence;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Security;

/// <summary>
/// One app for all security tests of a class: the demo data, every demo user signed in once over HTTP (cookies reused),
/// and helpers to create fresh items of 机关第一党支部 (owner 赵敏 'secretary', responsible leader 李建国 'leader', so 张伟
/// 'leader2' decides only through his 包抓 assignment) in any stage of their life.
/// </summary>
public sealed partial class SecurityApp : IAsyncLifetime
{
    public const string Anonymous = "anonymous";

    public static readonly string[] Users = ["admin", "leader", "leader2", "secretary", "secretary2"];

    /// <summary>
    /// People the demo lacks (issue 20 §8): 孙强 'leader3', a leader 包抓 only 社会福利院党支部 (outside the test items' scope);
    /// 吴刚 'childsecretary', secretary of 机关党总支第一支部, a child branch of 机关党总支 (the branch of <see cref="Stage.GeneralBranch"/> items);
    /// 周明 'measureowner', secretary of 离退休干部党支部, tied to the items only as the owner of every test item's measure; 'demoted', an administrator whose
    /// cookie and open page date from before they were made a secretary of 社会福利院党支部; 'deactivated', a secretary of
    /// 机关第一党支部 whose cookie and open page date from before the account was deactivated.
    /// </summary>
    public static readonly string[] MorePeople = ["leader3", "childsecretary", "measureowner", "demoted", "deactivated"];

    public const string Password = "Matrix@2026";

    /// <summary>Users whose only sign-in is one the database has since revoked.</summary>
    public static bool Revoked(string user) => user is "demoted" or "deactivated";

    /// <summary>Nobody signed in, or a sign-in the database revoked: both must get the login page.</summary>
    public static bool SignedOut(string user) => user == Anonymous || Revoked(user);

    private readonly Dictionary<string, ClaimsPrincipal> _oldPrincipals = new();

    private readonly Dictionary<string, string> _cookies = new();
    private readonly Dictionary<string, (string Cookies, string Token)> _forms = new();

    public SecurityApp()
        : this(new Dictionary<string, string?>(), kestrel: false)
    {
    }

    /// <summary>With extra settings, and optionally on Kestrel (a real loopback port: request-size limits apply, as in production).</summary>
    internal SecurityApp(IReadOnlyDictionary<string, string?> settings, bool kestrel)
    {
        App = new RectifyFactory()
            .With("Jobs:Enabled", "true")
            .With("Jobs:DispatchOutboxSeconds", "3600")
            .With("Jobs:CloseSignedOff", "0 0 3 1 1 ?")
            .With("Evidence:CleanupGraceMinutes", "0");
        foreach (var (key, value) in settings)
        {
            App.With(key, value);
        }

        Client = kestrel
            ? new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(App.StartKestrel()) }
            : App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    public RectifyFactory App { get; }

    public HttpClient Client { get; }

    public async Task InitializeAsync()
    {
        foreach (var user in Users)
        {
            _cookies[user] = await HttpSignIn.CookiesAsync(Client, user);
        }

        await AddMorePeopleAsync();
    }

    private async Task AddMorePeopleAsync()
    {
        await using var scope = await App.ScopeAsAsync("admin");
        var orgs = scope.Get<OrganizationAdminService>();
        var users = scope.Get<UserAdminService>();
        var committee = await Rectify.Tests.Ledger.LedgerTestKit.OrganizationIdAsync(App, "区民政局党组");
        var welfare = await Rectify.Tests.Ledger.LedgerTestKit.OrganizationIdAsync(App, "社会福利院党支部");
        var office = await Rectify.Tests.Ledger.LedgerTestKit.OrganizationIdAsync(App, "机关第一党支部");
        var general = (await orgs.CreateAsync("机关党总支", Rectify.Domain.Organizations.OrganizationLevel.GeneralBranch, committee)).Value;
        var child = (await orgs.CreateAsync("机关党总支第一支部", Rectify.Domain.Organizations.OrganizationLevel.Branch, general)).Value;

        async Task<string> CreateAsync(string userName, string name, int? org, bool admin = false, bool leader = false, bool secretary = false)
        {
            var created = await users.CreateAsync(new UserForm
            {
                UserName = userName, DisplayName = name, OrganizationId = org, IsAdmin = admin, IsLeader = leader, IsSecretary = secretary, Password = Password,
            });
            created.Succeeded.ShouldBeTrue(created.Message);
            return created.Value!;
        }

        var leader3 = await CreateAsync("leader3", "孙强", committee, leader: true);
        (await users.SetAssignmentsAsync(leader3, [welfare])).Succeeded.ShouldBeTrue();
        await CreateAsync("childsecretary", "吴刚", child, secretary: true);
        // Every account needs a role: 周明 is secretary of an unrelated branch, so the measure is his only tie to the items.
        await CreateAsync("measureowner", "周明", await Rectify.Tests.Ledger.LedgerTestKit.OrganizationIdAsync(App, "离退休干部党支部"), secretary: true);
        var demoted = await CreateAsync("demoted", "郑华", committee, admin: true);
        var deactivated = await CreateAsync("deactivated", "冯丽", office, secretary: true);
        foreach (var user in MorePeople)
        {
            _cookies[user] = await HttpSignIn.CookiesAsync(Client, user, Password);
            _oldPrincipals[user] = await App.SignInPrincipalAsync(user);
        }

        (await users.UpdateAsync(demoted, new UserForm { UserName = "demoted", DisplayName = "郑华", OrganizationId = welfare, IsSecretary = true })).Succeeded.ShouldBeTrue();
        (await users.SetActiveAsync(deactivated, false)).Succeeded.ShouldBeTrue();
        MeasureOwnerId = await Rectify.Tests.Ledger.LedgerTestKit.UserIdAsync(App, "measureowner");
    }

    /// <summary>周明, the owner of every test item's measure.</summary>
    public string MeasureOwnerId { get; private set; } = "";

    public Task DisposeAsync()
    {
        Client.Dispose();
        App.Dispose();
        return Task.CompletedTask;
    }

    public string CookiesOf(string user) => user == Anonymous ? "" : _cookies[user];

    public async Task<HttpResponseMessage> GetAsync(string user, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user != Anonymous)
        {
            request.Headers.Add("Cookie", _cookies[user]);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>An antiforgery cookie and token for <paramref name="user"/>, read from a real form of the app (cached).</summary>
    public async Task<(string Cookies, string Token)> FormTokenAsync(string user)
    {
        if (_forms.TryGetValue(user, out var cached))
        {
            return cached;
        }

        var response = await GetAsync(user, SignedOut(user) ? "/Account/Login" : "/Account/Manage/ChangePassword");
        var html = await response.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        var set = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];
        var cookies = string.Join("; ", new[] { CookiesOf(user) }.Concat(set).Where(c => c.Length > 0));
        return _forms[user] = (cookies, token);
    }

    /// <summary>POSTs a multipart form with the user's antiforgery token (unless <paramref name="withToken"/> is false).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string user, string url, IEnumerable<KeyValuePair<string, string>> fields, IEnumerable<(string Name, byte[] Bytes)>? files = null, bool withToken = true, bool expectContinue = false)
    {
        var (cookies, token) = await FormTokenAsync(user);
        var content = new MultipartFormDataContent();
        if (withToken)
        {
            content.Add(new StringContent(token), "__RequestVerificationToken");
        }

        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        foreach (var (name, bytes) in files ?? [])
        {
            content.Add(new ByteArrayContent(bytes), "files", name);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>A service scope whose authentication state is the user's real sign-in principal (or nobody), as a circuit's.</summary>
    public async Task<AsyncServiceScope> ScopeAsync(string user)
    {
        if (_oldPrincipals.TryGetValue(user, out var old) && Revoked(user))
        {
            return App.ScopeAs(old);
        }

        if (user != Anonymous)
        {
            return await App.ScopeAsAsync(user);
        }

        var scope = App.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));
        return scope;
    }

    public enum Stage
    {
        Open,
        InProgress,
        AwaitingSignOff,
        ExtensionAsked,
        Closed,
        WithEvidence,

        /// <summary>Open, of 机关党总支 (the parent of 吴刚's branch) instead of 机关第一党支部.</summary>
        GeneralBranch,
    }

    public sealed record TestItem(Guid Id, int Version, string Description, Guid? EvidenceId, Guid? ExtensionId);

    private int _counter;

    /// <summary>A new item of 机关第一党支部 in <paramref name="stage"/>, with a unique description.</summary>
    public async Task<TestItem> CreateItemAsync(Stage stage)
    {
        var admin = await App.AccessAsync("admin");
        var secretary = await App.AccessAsync("secretary");
        var leader = await App.AccessAsync("leader");
        var clock = App.Services.GetRequiredService<LedgerClock>();
        var today = clock.Today;
        var now = clock.Now;
        var description = $"安全矩阵测试事项{Interlocked.Increment(ref _counter)}-{Guid.NewGuid():N}"[..40];
        await using var db = App.CreateDbContext();
        var list = await db.ProblemLists.OrderBy(l => l.CreatedAt).FirstAsync();
        var numbers = await db.Items.Where(i => i.ProblemListId == list.Id).Select(i => i.Number).ToListAsync();
        var office = await db.Organizations.SingleAsync(o => o.Name == (stage == Stage.GeneralBranch ? "机关党总支" : "机关第一党支部"));
        var item = RectificationItem.Create(admin, list, ItemNumber.NextSequence(list.NumberPrefix, numbers),
            new ItemDetails(description, "理论学习", office.Id, secretary.Actor.UserId, leader.Actor.UserId, DeadlineType.ByDate, today.AddDays(30)),
            today, now);
        item.AddMeasure(admin, "制定支部学习计划", MeasureOwnerId, today.AddDays(20), now);
        Guid? evidenceId = null;
        Guid? extensionId = null;
        if (stage is not (Stage.Open or Stage.GeneralBranch))
        {
            var report = item.AddProgress(secretary, today, "已组织集中学习", 50, today, now);
            if (stage == Stage.WithEvidence)
            {
                var store = App.Services.GetRequiredService<EvidenceStore>();
                var saved = await store.SaveAsync("会议记录.png", Png.Length, new MemoryStream(Png));
                var file = saved.File!;
                evidenceId = item.AttachEvidence(secretary, file.FileName, file.ContentType, file.Size, file.StorageKey, now, report.Id).Id;
            }
        }

        if (stage is Stage.AwaitingSignOff or Stage.Closed)
        {
            item.RequestSignOff(secretary, "已建立学习制度并落实", now);
        }

        if (stage == Stage.Closed)
        {
            item.ApproveSignOff(leader, now);
            item.Close(Actor.System, now, 0);
        }

        if (stage == Stage.ExtensionAsked)
        {
            extensionId = item.RequestExtension(secretary, today.AddDays(60), "需要更多时间", today, now).Id;
        }

        db.Items.Add(item);
        await db.SaveChangesAsync();
        return new TestItem(item.Id, item.Version, description, evidenceId, extensionId);
    }

    public async Task<RectificationItem> LoadAsync(Guid id)
    {
        await using var db = App.CreateDbContext();
        return (await ItemCommands.LoadAggregateAsync(db, id, CancellationToken.None))!;
    }

    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
