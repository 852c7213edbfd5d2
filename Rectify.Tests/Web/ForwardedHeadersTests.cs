using System.Net;
using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

/// <summary>Behind nginx with TLS ending there, the app builds its redirects with the scheme nginx reports.</summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private readonly RectifyFactory _app = new();

    [Fact]
    public async Task A_loopback_proxy_saying_https_gets_https_redirects_and_without_it_http()
    {
        var address = new Uri(_app.StartKestrel());
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address };

        using var plain = await client.GetAsync("/items");
        plain.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        plain.Headers.Location!.ToString().ShouldStartWith($"http://{address.Authority}/Account/Login");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/items");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var proxied = await client.SendAsync(request);
        proxied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        proxied.Headers.Location!.ToString().ShouldStartWith($"https://{address.Authority}/Account/Login");
    }

    public void Dispose() => _app.Dispose();
}
