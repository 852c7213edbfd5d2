using Microsoft.Playwright;

namespace Rectify.Benchmarks;

/// <summary>Signs in through the login form in a new tab of <paramref name="context"/> and returns that tab once its circuit is connected.</summary>
public static class BrowserSignIn
{
    public static async Task<IPage> SignInAsync(IBrowserContext context, string user)
    {
        var login = await context.NewPageAsync();
        await login.GotoAsync("Account/Login");
        await login.FillAsync("[id='Input.UserName']", user);
        await login.FillAsync("[id='Input.Password']", Environment.GetEnvironmentVariable("RECTIFY_BENCH_PASSWORD") ?? "Rectify@2026");
        await login.ClickAsync("[data-testid=login-submit]");
        await login.Locator("[data-testid=circuit][data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        return login;
    }
}
