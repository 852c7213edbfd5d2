using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rectify.Tests.Support;
using Rectify.Web.Admin;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Security;

/// <summary>Password policy, lockout, session lifetime and antiforgery on the real sign-in (HTTP, real forms).</summary>
public sealed class SignInSecurityTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    private async Task<HttpResponseMessage> LoginAsync(string userName, string password, bool withToken = true) =>
        await app.PostFormAsync(SecurityApp.Anonymous, "/Account/Login",
            [new("_handler", "login"), new("Input.UserName", userName), new("Input.Password", password)], withToken: withToken);

    private static bool SignedIn(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("Rectify.Auth=", StringComparison.Ordinal) && !c.StartsWith("Rectify.Auth=;", StringComparison.Ordinal));

    [Theory]
    [InlineData("short1", "密码至少需要 8 个字符。")]
    [InlineData("abcdefgh", "密码须包含数字。")]
    public async Task Passwords_must_follow_the_policy(string password, string message)
    {
        await using var scope = await app.ScopeAsync("admin");
        var result = await scope.Get<UserAdminService>().CreateAsync(new UserForm
        {
            UserName = "policy" + Guid.NewGuid().ToString("N")[..6],
            DisplayName = "密码策略",
            IsAdmin = true,
            Password = password,
        });

        result.Succeeded.ShouldBeFalse();
        result.Message!.ShouldContain(message);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes()
    {
        var userName = "lock" + Guid.NewGuid().ToString("N")[..6];
        await using (var scope = await app.ScopeAsync("admin"))
        {
            (await scope.Get<UserAdminService>().CreateAsync(new UserForm { UserName = userName, DisplayName = "锁定测试", IsAdmin = true, Password = "Lockout@2026" })).Succeeded.ShouldBeTrue();
        }

        for (var i = 0; i < 5; i++)
        {
            var wrong = await LoginAsync(userName, "Wrong@2026");
            SignedIn(wrong).ShouldBeFalse();
        }

        var right = await LoginAsync(userName, "Lockout@2026");
        SignedIn(right).ShouldBeFalse();
        right.Headers.Location!.ToString().ShouldContain("Account/Lockout");
        var page = await (await app.GetAsync(SecurityApp.Anonymous, "/Account/Lockout")).Content.ReadAsStringAsync();
        page.ShouldContain("账号已锁定");

        await using var check = app.App.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync(userName))!;
        (user.LockoutEnd!.Value - DateTimeOffset.UtcNow).TotalMinutes.ShouldBeInRange(14, 15.1);
    }

    [Fact]
    public void The_session_ends_after_8_hours_without_use()
    {
        var cookie = app.App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        cookie.ExpireTimeSpan.ShouldBe(TimeSpan.FromHours(8));
        cookie.SlidingExpiration.ShouldBeTrue();
        cookie.Cookie.HttpOnly.ShouldBeTrue();
        cookie.Cookie.Name.ShouldBe("Rectify.Auth");
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_not_persistent_without_remember_me()
    {
        var response = await LoginAsync("secretary", Rectify.Web.Data.Seeder.DemoPassword);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("Rectify.Auth=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=lax", Case.Insensitive);
        cookie.ShouldNotContain("expires=", Case.Insensitive);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused()
    {
        var login = await LoginAsync("secretary", Rectify.Web.Data.Seeder.DemoPassword, withToken: false);
        login.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        SignedIn(login).ShouldBeFalse();

        var change = await app.PostFormAsync("secretary2", "/Account/Manage/ChangePassword",
            [new("_handler", "change-password"), new("Input.OldPassword", Rectify.Web.Data.Seeder.DemoPassword), new("Input.NewPassword", "Changed@2026"), new("Input.ConfirmPassword", "Changed@2026")],
            withToken: false);
        change.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        SignedIn(await LoginAsync("secretary2", Rectify.Web.Data.Seeder.DemoPassword)).ShouldBeTrue();

        var logout = await app.PostFormAsync("secretary", "/Account/Logout", [new("returnUrl", "/")], withToken: false);
        logout.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var item = await app.CreateItemAsync(SecurityApp.Stage.Open);
        var progress = await app.PostFormAsync("secretary", $"/items/{item.Id}/progress", [new("version", item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("text", "没有令牌")], withToken: false);
        progress.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.LoadAsync(item.Id)).ProgressReports.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_content_security_policy_allows_only_this_origin_for_scripts()
    {
        var response = await app.GetAsync("secretary", "/items");
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldContain("script-src 'self'");
        csp.ShouldNotContain("unsafe-eval");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("connect-src 'self'");
    }
}

/// <summary>Outside Development: HTTPS redirection and HSTS (an own app in the Production environment).</summary>
public sealed class ProductionTransportTests : IDisposable
{
    private readonly ProductionFactory _app = new();

    [Fact]
    public async Task Plain_http_is_redirected_to_https_and_https_answers_carry_hsts()
    {
        var http = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://rectify.example.org") });
        var redirect = await http.GetAsync("/Account/Login");
        ((int)redirect.StatusCode).ShouldBeOneOf(307, 308);
        redirect.Headers.Location!.ToString().ShouldStartWith("https://rectify.example.org/Account/Login");

        var https = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://rectify.example.org") });
        var page = await https.GetAsync("/Account/Login");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Headers.GetValues("Strict-Transport-Security").Single().ShouldContain("max-age=");
    }

    public void Dispose() => _app.Dispose();

    private sealed class ProductionFactory : RectifyFactory
    {
        public ProductionFactory()
        {
            With("Rectify:InitialAdminPassword", "Production@2026");
            With("https_port", "443");
            With("DataProtection:KeyEncryptionKey", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
