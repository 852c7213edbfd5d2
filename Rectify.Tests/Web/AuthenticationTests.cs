using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

[Collection(DefaultAppCollection.Name)]
public sealed class AuthenticationTests
{
    private readonly RectifyFactory _app;

    public AuthenticationTests(RectifyFactory app) => _app = app;

    private HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    public async Task Anonymous_request_to_a_protected_page_redirects_to_login(string path)
    {
        var response = await Client().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/Account/Login");
    }

    [Fact]
    public async Task Login_page_speaks_Chinese_and_offers_no_registration()
    {
        var html = await Client().GetStringAsync("/Account/Login");
        var doc = new HtmlParser().ParseDocument(html);

        doc.DocumentElement.GetAttribute("lang").ShouldBe("zh-CN");
        doc.QuerySelector("h1")!.TextContent.ShouldBe("登录");
        doc.QuerySelector("label[for='Input.UserName']")!.TextContent.ShouldBe("用户名");
        doc.Body!.TextContent.ShouldContain("本系统不开放自行注册");
        doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ShouldNotContain(h => h.Contains("Register", StringComparison.OrdinalIgnoreCase));
        // Characters, not &#x...; entities.
        html.ShouldContain("登录");
    }

    [Fact]
    public async Task The_Blazor_client_script_is_served()
    {
        var response = await Client().GetAsync("/_framework/blazor.web.js");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var script = await response.Content.ReadAsStringAsync();
        script.Length.ShouldBeGreaterThan(100_000);
        // The .NET 10 script (the SDK's Microsoft.AspNetCore.App.Internal.Assets), not an older one: it has the circuit
        // pause/resume API and raises the reconnect dialog's state event that ReconnectModal.razor.js listens to.
        script.ShouldContain("resumeCircuit");
        script.ShouldContain("components-reconnect-state-changed");
    }

    [Fact]
    public async Task English_is_available_through_the_language_switch()
    {
        var client = Client();
        var switchResponse = await client.GetAsync("/culture?name=en-US&returnUrl=/Account/Login");
        switchResponse.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = switchResponse.Headers.GetValues("Set-Cookie").First().Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Add("Cookie", cookie);
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();

        new HtmlParser().ParseDocument(html).QuerySelector("h1")!.TextContent.ShouldBe("Sign in");
    }

    [Theory]
    [InlineData("/\\x")]
    [InlineData("/\\evil.example.org")]
    [InlineData("//evil.example.org")]
    [InlineData("https://evil.example.org/")]
    [InlineData("/\t/evil.example.org")]
    [InlineData("/items\r\nSet-Cookie: a=b")]
    [InlineData("items")]
    public async Task A_malformed_or_foreign_return_address_after_the_language_switch_goes_home(string returnUrl)
    {
        var response = await Client().GetAsync("/culture?name=en-US&returnUrl=" + Uri.EscapeDataString(returnUrl));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/");
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_local_return_address_after_the_language_switch_is_kept()
    {
        var response = await Client().GetAsync("/culture?name=en-US&returnUrl=" + Uri.EscapeDataString("/items?status=Open"));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/items?status=Open");
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        var response = await Client().GetAsync("/Account/Login");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("script-src 'self';");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("same-origin");
    }
}
