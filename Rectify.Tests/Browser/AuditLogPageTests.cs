using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AuditLogPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Administrator_verifies_the_audit_chain_and_sees_it_intact_in_Chinese()
    {
        var page = await browser.SignInAsync("admin");
        await page.GotoAsync("admin/audit");
        await BrowserFixture.WaitForCircuitAsync(page);

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("操作记录");
        await page.ClickAsync("[data-testid=verify-audit]");

        await Assertions.Expect(page.Locator("[data-testid=verify-result]")).ToContainTextAsync("校验通过");
    }
}
