using Microsoft.Playwright;
using Rectify.Tests.Support;

namespace Rectify.Tests.Browser;

/// <summary>
/// The item list (/items) and 我的待办 (/) in Chromium: what needs a browser (the filter remembered in the browser's storage
/// across a reload, the phone layout, the menu). The filters, columns, scope, paging and followed links are tested without a
/// browser in <see cref="Components.ItemListComponentTests"/>. They only read the shared demo ledger, and assert what holds
/// even if other tests add items (every row in the user's scope, the expected demo items among them).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ItemListTests(BrowserFixture browser)
{
    private static ILocator Rows(IPage page) => page.Locator("[data-testid=item-row]");

    /// <summary>
    /// Chooses a filter value and waits until the browser has remembered the new filter: the page writes it after the list has
    /// rendered (one more round trip), so a reload straight after the rows changed could still find the old one.
    /// </summary>
    private static async Task SelectRememberedAsync(IPage page, string selector, string value)
    {
        const string Remembered = "() => { const k = Object.keys(localStorage).find(k => k.startsWith('rectify.items.filter.')); return k ? localStorage.getItem(k) : null; }";
        var before = await page.EvaluateAsync<string?>(Remembered);
        await page.SelectOptionAsync(selector, value);
        await page.WaitForFunctionAsync($"before => ({Remembered})() !== before", before);
    }

    private static async Task OpenListAsync(IPage page, string url = "items")
    {
        await page.GotoAsync(url);
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=total]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Secretary_sees_only_their_branch_in_Chinese_and_the_overdue_filter_survives_a_reload()
    {
        var page = await browser.SignInAsync("secretary2");
        await OpenListAsync(page);

        (await page.Locator("h1").InnerTextAsync()).ShouldBe("整改台账");
        await SelectRememberedAsync(page, "[data-testid=filter-due]", "Overdue");
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "作风建设仍有差距" })).ToHaveCountAsync(0);
        await AssertOnlyOverdueAsync(page, "社会福利院党支部", "党建责任落实还不够严");

        // The filter is remembered in the browser (ProtectedLocalStorage) and comes back after a reload of plain /items.
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=filter-due]")).ToHaveValueAsync("Overdue");
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "作风建设仍有差距" })).ToHaveCountAsync(0);
        await AssertOnlyOverdueAsync(page, "社会福利院党支部", "党建责任落实还不够严");
        page.Url.ShouldEndWith("/items");

        // The menu marks the current page, and follows navigation inside the circuit.
        await Assertions.Expect(page.Locator(".nav-link[aria-current=page]")).ToHaveTextAsync("整改台账");
        await page.Locator(".nav-link", new() { HasText = "我的待办" }).ClickAsync();
        await Assertions.Expect(page.Locator(".nav-link[aria-current=page]")).ToHaveTextAsync("我的待办");
        await Assertions.Expect(page.Locator(".nav-link.active")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task First_branch_secretary_sees_their_three_items_and_an_empty_overdue_list_after_reload()
    {
        var page = await browser.SignInAsync("secretary");
        await OpenListAsync(page);

        (await page.Locator("[data-testid=item-organization]").AllInnerTextsAsync()).Distinct().ShouldBe(["机关第一党支部"]);
        foreach (var text in new[] { "党员学习教育还需加强", "党建载体缺乏创新", "组织生活制度落实不严" })
        {
            await Assertions.Expect(Rows(page).Filter(new() { HasText = text })).ToHaveCountAsync(1);
        }

        await Assertions.Expect(page.Locator("tbody")).ToContainTextAsync("待销号");
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "党建载体缺乏创新" })).ToHaveAttributeAsync("data-light", "Yellow");

        await SelectRememberedAsync(page, "[data-testid=filter-due]", "Overdue");
        await Assertions.Expect(page.Locator("[data-testid=empty]")).ToHaveTextAsync("没有符合条件的整改事项。");
        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=filter-due]")).ToHaveValueAsync("Overdue");
        await Assertions.Expect(page.Locator("[data-testid=empty]")).ToHaveTextAsync("没有符合条件的整改事项。");

        await page.ClickAsync("[data-testid=reset]");
        await Assertions.Expect(page.Locator("[data-testid=filter-due]")).ToHaveValueAsync("All");
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "党建载体缺乏创新" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_remembered_filter_that_cannot_be_read_is_forgotten_and_the_list_still_shows()
    {
        var page = await browser.SignInAsync("secretary3");
        await OpenListAsync(page);
        await page.SelectOptionAsync("[data-testid=filter-status]", "InProgress");
        await Assertions.Expect(page.Locator("[data-testid=empty]")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => Object.keys(localStorage).some(k => k.startsWith('rectify.items.filter.'))");
        (await page.EvaluateAsync<string[]>("() => Object.keys(localStorage).filter(k => k.startsWith('rectify.items.filter.'))")).ShouldHaveSingleItem();
        // Tampered with, or protected with another server's key: it cannot be decrypted.
        await page.EvaluateAsync("() => Object.keys(localStorage).filter(k => k.startsWith('rectify.items.filter.')).forEach(k => localStorage.setItem(k, '\"garbage\"'))");

        await page.ReloadAsync();
        await BrowserFixture.WaitForCircuitAsync(page);
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "机关党建基础不牢" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=filter-status]")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_a_phone_the_list_becomes_cards_without_sideways_scrolling()
    {
        var page = await browser.SignInAsync("secretary", viewport: new ViewportSize { Width = 390, Height = 844 });
        await OpenListAsync(page);

        await Assertions.Expect(page.Locator("thead")).ToBeHiddenAsync();
        var first = Rows(page).First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        await Assertions.Expect(first.Locator("[data-testid=item-description]")).ToBeVisibleAsync();
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue();
        var box = (await first.BoundingBoxAsync())!;
        box.Width.ShouldBeLessThanOrEqualTo(390);

        // Without column headers, sorting is a select.
        await page.SelectOptionAsync("[data-testid=filter-sort]", "Number");
        await Assertions.Expect(page.Locator("[data-testid=filter-sort]")).ToHaveValueAsync("Number");
        await page.WaitForFunctionAsync(
            "() => { const n = [...document.querySelectorAll('[data-testid=item-number]')].map(a => a.textContent); return n.length > 1 && n.every((x, i) => i === 0 || n[i - 1] <= x); }");

        await page.SelectOptionAsync("[data-testid=filter-due]", "DueSoon");
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "党员学习教育还需加强" })).ToHaveCountAsync(0);
        await Assertions.Expect(Rows(page).Filter(new() { HasText = "党建载体缺乏创新" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task My_work_puts_overdue_first_and_the_counts_filter_it()
    {
        var page = await browser.SignInAsync("secretary2");

        var items = page.Locator("[data-testid=work-item]");
        await Assertions.Expect(items.First).ToContainTextAsync("党建责任落实还不够严");
        await Assertions.Expect(items.First.Locator("[data-testid=work-need]")).ToHaveTextAsync(["已逾期", "待填报进展"]);
        await Assertions.Expect(items.First.Locator("[data-testid=work-due]")).ToHaveTextAsync("逾期 6 天");
        (await items.First.GetAttributeAsync("href")).ShouldStartWith("items/");
        await Assertions.Expect(page.Locator("[data-testid=count-Overdue]")).ToContainTextAsync("逾期");

        await page.ClickAsync("[data-testid=count-Overdue]");
        await Assertions.Expect(items.Filter(new() { HasText = "作风建设仍有差距" })).ToHaveCountAsync(0);
        await Assertions.Expect(items.Filter(new() { HasText = "党建责任落实还不够严" })).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=count-All]");
        await Assertions.Expect(items.Filter(new() { HasText = "作风建设仍有差距" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Leaders_work_shows_sign_off_waiting_for_them()
    {
        var page = await browser.SignInAsync("leader2");

        var life = page.Locator("[data-testid=work-item]").Filter(new() { HasText = "组织生活制度落实不严" });
        await Assertions.Expect(life.Locator("[data-testid=work-need]")).ToHaveTextAsync(["待审核销号"]);
        await Assertions.Expect(page.Locator("[data-testid=count-SignOff]")).ToContainTextAsync("待审核");
        await Assertions.Expect(page.Locator("[data-testid=work-list]")).Not.ToContainTextAsync("社会福利院党支部");
    }

    /// <summary>Screenshots for the docs: written to docs/screenshots only with RECTIFY_WRITE_SCREENSHOTS=1 (else to a temp folder).</summary>
    [Fact]
    public async Task Screenshots_of_the_item_list_and_my_work()
    {
        var folder = Environment.GetEnvironmentVariable("RECTIFY_WRITE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(Path.GetTempPath(), "rectify-screenshots");
        Directory.CreateDirectory(folder);

        var page = await browser.SignInAsync("leader");
        await Assertions.Expect(page.Locator("[data-testid=work-list]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "my-work.png") });

        await OpenListAsync(page);
        await Assertions.Expect(Rows(page).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "item-list.png") });

        new FileInfo(Path.Combine(folder, "item-list.png")).Length.ShouldBeGreaterThan(10_000);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Rectify.sln not found above the test folder.");
    }

    private static async Task AssertOnlyOverdueAsync(IPage page, string organization, string expected)
    {
        await Assertions.Expect(Rows(page).Filter(new() { HasText = expected })).ToHaveCountAsync(1);
        (await Rows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.light)")).ShouldAllBe(l => l == "Red");
        (await page.Locator("[data-testid=item-organization]").AllInnerTextsAsync()).ShouldAllBe(o => o == organization);
    }
}
