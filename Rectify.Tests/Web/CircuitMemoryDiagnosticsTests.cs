using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

/// <summary>
/// /diagnostics/memory (for bench/circuits.sh, only with Diagnostics:MemoryEndpoint) tells an administrator where the process's
/// memory is: the GC's heap and committed memory, the C heap, the working set; nobody else gets it.
/// </summary>
public sealed class CircuitMemoryDiagnosticsTests : IDisposable
{
    private readonly RectifyFactory _app = new RectifyFactory().With("Diagnostics:MemoryEndpoint", "true");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Administrator_reads_where_the_memory_is_after_a_collection_and_a_secretary_is_refused()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var asAdmin = new HttpRequestMessage(HttpMethod.Get, "/diagnostics/memory?gc=true");
        asAdmin.Headers.Add("Cookie", await HttpSignIn.CookiesAsync(client, "admin"));
        using var response = await client.SendAsync(asAdmin);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var heap = root.GetProperty("heapSizeBytes").GetInt64();
        heap.ShouldBeGreaterThan(0);
        root.GetProperty("gc").GetProperty("committedBytes").GetInt64().ShouldBeGreaterThanOrEqualTo(heap);
        var os = root.GetProperty("os");
        os.GetProperty("rssBytes").GetInt64().ShouldBeGreaterThan(heap);
        os.GetProperty("mallocInUseBytes").GetInt64().ShouldBeGreaterThan(0);
        os.GetProperty("fileBackedBytes").GetInt64().ShouldBeGreaterThan(0);
        os.GetProperty("threads").GetInt64().ShouldBeGreaterThan(1);

        using var asSecretary = new HttpRequestMessage(HttpMethod.Get, "/diagnostics/memory");
        asSecretary.Headers.Add("Cookie", await HttpSignIn.CookiesAsync(client, "secretary"));
        using var refused = await client.SendAsync(asSecretary);
        refused.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
