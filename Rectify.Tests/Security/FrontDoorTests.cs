using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rectify.Tests.Support;
using Rectify.Web.Identity;

namespace Rectify.Tests.Security;

/// <summary>
/// The login page as a stranger uses it: it tells nobody which accounts exist, are deactivated or locked until the password
/// is right, and it answers a flood of attempts from one address with a Chinese message (issue 20 §7).
/// </summary>
public sealed partial class FrontDoorTests : IClassFixture<RectifyFactory>
{
    private const string Generic = "用户名或密码错误，请重新输入。";
    private const string Password = "FrontDoor@2026";
    private readonly RectifyFactory _app;
    private readonly HttpClient _client;

    public FrontDoorTests(RectifyFactory app)
    {
        _app = app;
        _client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
    }

    private async Task<string> CreateUserAsync(string prefix, bool active = true, bool lockout = true)
    {
        var userName = prefix + Guid.NewGuid().ToString("N")[..6];
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = "门禁测试", IsActive = active, CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, Password);
        result.Succeeded.ShouldBeTrue(string.Join(" ", result.Errors.Select(e => e.Description)));
        (await users.SetLockoutEnabledAsync(user, lockout)).Succeeded.ShouldBeTrue();
        return userName;
    }

    [Fact]
    public async Task Unknown_user_wrong_password_and_deactivated_user_with_a_wrong_password_get_the_same_answer()
    {
        var active = await CreateUserAsync("fd-active-");
        var inactive = await CreateUserAsync("fd-inactive-", active: false);

        var answers = new List<Login>
        {
            await LoginAsync(_client, "fd-nobody-" + Guid.NewGuid().ToString("N")[..6], Password),
            await LoginAsync(_client, active, "Wrong@2026"),
            await LoginAsync(_client, inactive, "Wrong@2026"),
        };

        foreach (var answer in answers)
        {
            answer.Status.ShouldBe(HttpStatusCode.OK);
            answer.SignedIn.ShouldBeFalse();
            answer.Message.ShouldBe(Generic);
        }

        // Only someone who knows the password learns that the account is deactivated.
        var right = await LoginAsync(_client, inactive, Password);
        right.SignedIn.ShouldBeFalse();
        right.Message.ShouldBe("该账号已停用，请联系管理员。");
    }

    [Fact]
    public async Task A_locked_account_is_named_only_to_someone_who_knows_its_password()
    {
        var userName = await CreateUserAsync("fd-lock-");
        for (var i = 0; i < 7; i++)
        {
            var wrong = await LoginAsync(_client, userName, "Wrong@2026");
            wrong.Status.ShouldBe(HttpStatusCode.OK, $"attempt {i + 1}");
            wrong.Message.ShouldBe(Generic);
        }

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            (await users.IsLockedOutAsync((await users.FindByNameAsync(userName))!)).ShouldBeTrue("five wrong passwords still lock the account");
        }

        var right = await LoginAsync(_client, userName, Password);
        right.SignedIn.ShouldBeFalse();
        right.Status.ShouldBe(HttpStatusCode.Redirect);
        right.Location.ShouldContain("Account/Lockout");
    }

    [Fact]
    public async Task An_unknown_user_is_refused_about_as_slowly_as_a_wrong_password()
    {
        // Without lockout, so every attempt on the known account is a full password check, before and after the fix.
        var known = await CreateUserAsync("fd-timing-", lockout: false);
        await LoginAsync(_client, "fd-warmup-" + Guid.NewGuid().ToString("N")[..6], Password);
        await LoginAsync(_client, known, "Wrong@2026");
        var unknown = new List<double>();
        var wrong = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            unknown.Add(await TimeAsync(() => LoginAsync(_client, "fd-nobody-" + Guid.NewGuid().ToString("N")[..6], Password)));
            wrong.Add(await TimeAsync(() => LoginAsync(_client, known, "Wrong@2026")));
        }

        var ratio = Median(unknown) / Median(wrong);
        ratio.ShouldBeInRange(0.5, 2.0, $"unknown user {Median(unknown):F1} ms, wrong password {Median(wrong):F1} ms: the time must not tell whether the account exists");
    }

    [Fact]
    public async Task Too_many_attempts_from_one_address_get_a_Chinese_message_while_other_addresses_still_sign_in()
    {
        using var app = new RectifyFactory().With("SignInLimits:AttemptsPerAddress", "3").With("SignInLimits:WindowSeconds", "600");
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.StartKestrel()) };
        // Kestrel on loopback: the app trusts X-Forwarded-For from a proxy on this machine (nginx), so these are two clients.
        const string first = "198.51.100.7";
        const string second = "198.51.100.8";
        for (var i = 0; i < 3; i++)
        {
            var wrong = await LoginAsync(client, "secretary", "Wrong@2026", forwardedFor: first);
            wrong.Message.ShouldBe(Generic);
        }

        // The fourth attempt from that address is not even checked: even the right password does not sign in.
        var limited = await LoginAsync(client, "secretary", Rectify.Web.Data.Seeder.DemoPassword, forwardedFor: first, returnUrl: "/items");
        limited.SignedIn.ShouldBeFalse();
        limited.Status.ShouldBe(HttpStatusCode.SeeOther);
        using var page = new HttpRequestMessage(HttpMethod.Get, limited.Location);
        page.Headers.Add("X-Forwarded-For", first);
        var response = await client.SendAsync(page);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        html.QuerySelector("[data-testid=status-message]")!.TextContent.ShouldBe("登录尝试过于频繁，请稍后再试。");
        limited.Location.ShouldContain("ReturnUrl=%2Fitems", Case.Insensitive);

        (await LoginAsync(client, "secretary", Rectify.Web.Data.Seeder.DemoPassword, forwardedFor: second)).SignedIn.ShouldBeTrue("another address is not limited");
    }

    [Theory]
    [InlineData("SignInLimits:AttemptsPerAddress", "0")]
    [InlineData("SignInLimits:WindowSeconds", "0")]
    public void A_sign_in_limit_that_makes_no_sense_stops_the_app_at_start(string key, string value)
    {
        using var app = new RectifyFactory().With(key, value);
        var error = Should.Throw<Exception>(() => app.CreateClient()).ToString();
        error.ShouldContain(nameof(OptionsValidationException));
        error.ShouldContain(key.Split(':')[1]);
    }

    [Fact]
    public async Task A_generated_first_administrator_password_must_be_changed_before_any_page_opens()
    {
        using var data = new TempFolder("rectify-first-admin");
        using var server = await AppProcess.StartAsync(new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Rectify:DataFolder"] = data.Path,
            ["Jobs:Enabled"] = "false",
            // Outside Development the key ring's encryption key is required (decision 0011).
            ["DataProtection:KeyEncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        });
        var printed = OneTimePassword().Match(server.Output);
        for (var wait = 0; !printed.Success && wait < 100; wait++)
        {
            await Task.Delay(100);
            printed = OneTimePassword().Match(server.Output);
        }

        printed.Success.ShouldBeTrue(server.Output);
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.BaseAddress };
        var auth = await HttpSignIn.CookiesAsync(client, "admin", printed.Groups[1].Value);

        foreach (var path in new[] { "/", "/items", "/admin/users", "/problem-lists", "/ledger/export.xlsx" })
        {
            var response = await GetAsync(client, path, auth);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, path);
            response.Headers.Location!.ToString().ShouldEndWith("/Account/Manage/ChangePassword", customMessage: path);
        }

        var form = await GetAsync(client, "/Account/Manage/ChangePassword", auth);
        form.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await form.Content.ReadAsStringAsync();
        new HtmlParser().ParseDocument(html).QuerySelector("[data-testid=first-password]")!.TextContent.ShouldBe("这是系统生成的初始密码，请先修改密码，然后才能使用系统。");
        var cookies = string.Join("; ", new[] { auth }.Concat(form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var change = new HttpRequestMessage(HttpMethod.Post, "/Account/Manage/ChangePassword")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "change-password",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value),
                ["Input.OldPassword"] = printed.Groups[1].Value,
                ["Input.NewPassword"] = "Changed@2026",
                ["Input.ConfirmPassword"] = "Changed@2026",
            }),
        };
        change.Headers.Add("Cookie", cookies);
        var changed = await client.SendAsync(change);
        changed.StatusCode.ShouldBe(HttpStatusCode.Redirect, await changed.Content.ReadAsStringAsync());
        var renewed = changed.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("Rectify.Auth=", StringComparison.Ordinal));

        (await GetAsync(client, "/", renewed)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await GetAsync(client, "/admin/users", await HttpSignIn.CookiesAsync(client, "admin", "Changed@2026"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    private sealed record Login(HttpStatusCode Status, bool SignedIn, string? Message, string Location);

    private static async Task<Login> LoginAsync(HttpClient client, string userName, string password, string? forwardedFor = null, string? returnUrl = null)
    {
        var path = returnUrl is null ? "/Account/Login" : "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        using var get = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedFor is not null)
        {
            get.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var page = await client.SendAsync(get);
        var html = await page.Content.ReadAsStringAsync();
        using var post = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value),
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        if (forwardedFor is not null)
        {
            post.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await client.SendAsync(post);
        var signedIn = response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("Rectify.Auth=", StringComparison.Ordinal) && !c.StartsWith("Rectify.Auth=;", StringComparison.Ordinal));
        var body = await response.Content.ReadAsStringAsync();
        var message = body.Length == 0 ? null : new HtmlParser().ParseDocument(body).QuerySelector("[data-testid=status-message]")?.TextContent;
        return new Login(response.StatusCode, signedIn, message, response.Headers.Location?.ToString() ?? "");
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"one-time password: (\S+)")]
    private static partial Regex OneTimePassword();
}
