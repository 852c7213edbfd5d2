using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task Secretary_signs_in_sees_Chinese_home_and_the_circuit_answers_a_click()
    {
        var page = await browser.SignInAsync("secretary");

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("我的待办");
        (await page.Locator("[data-testid=welcome]").InnerTextAsync()).ShouldBe("赵敏，您好！");
        (await page.Locator("html").GetAttributeAsync("lang")).ShouldBe("zh-CN");
        await Assertions.Expect(page.Locator("nav.rectify-sidebar a[href='ledger/import']")).ToHaveTextAsync("导入导出");

        // The button is handled on the server through the SignalR circuit: the count only changes if it is connected.
        await page.ClickAsync("[data-testid=refresh]");
        await Assertions.Expect(page.Locator("[data-testid=refreshed]")).ToHaveTextAsync("已刷新 1 次");
        await page.ClickAsync("[data-testid=refresh]");
        await Assertions.Expect(page.Locator("[data-testid=refreshed]")).ToHaveTextAsync("已刷新 2 次");
    }

    [Fact]
    public async Task Wrong_password_shows_a_Chinese_error_and_does_not_sign_in()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.FillAsync("#Input\\.UserName", "secretary2");
        await page.FillAsync("#Input\\.Password", "wrong-password");
        await page.ClickAsync("[data-testid=login-submit]");

        await Assertions.Expect(page.Locator("[data-testid=status-message]")).ToHaveTextAsync("用户名或密码错误，请重新输入。");
        page.Url.ShouldContain("/Account/Login");
        (await page.Context.CookiesAsync()).ShouldNotContain(c => c.Name == "Rectify.Auth");

        await page.GotoAsync("");
        page.Url.ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Empty_login_form_is_refused_with_Chinese_messages()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.ClickAsync("[data-testid=login-submit]");

        await Assertions.Expect(page.Locator("form .text-danger").First).ToHaveTextAsync("此项为必填项。");
        page.Url.ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Sign_out_returns_to_the_login_page()
    {
        var page = await browser.SignInAsync("leader");
        await page.ClickAsync("[data-testid=logout]");
        await page.WaitForURLAsync("**/Account/Login**");
        await page.GotoAsync("");
        page.Url.ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Phone_sized_screen_hides_the_menu_behind_a_toggle()
    {
        var page = await browser.SignInAsync("leader2", viewport: new ViewportSize { Width = 390, Height = 844 });
        var menu = page.Locator("nav.rectify-sidebar");
        await Assertions.Expect(menu).ToBeHiddenAsync();
        await page.ClickAsync("[data-testid=menu-toggle]");
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await Assertions.Expect(menu.GetByText("我的待办")).ToBeVisibleAsync();
    }
}
