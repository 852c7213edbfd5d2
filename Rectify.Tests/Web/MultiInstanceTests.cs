using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Rectify.Tests.Support;

namespace Rectify.Tests.Web;

/// <summary>Two app instances on one database share the Data Protection keys stored there, so a session works on either.</summary>
public sealed class MultiInstanceTests
{
    [Fact]
    public async Task A_cookie_issued_by_one_instance_is_accepted_by_another_on_the_same_database()
    {
        using var first = new RectifyFactory();
        var cookies = await HttpSignIn.CookiesAsync(first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }), "secretary");

        using var second = new RectifyFactory().With("Rectify:DataFolder", first.Data.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookies);
        var response = await second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var db = first.CreateDbContext();
        // The key ring lives in the shared database (not in a per-machine folder), which is what makes this work across hosts.
        db.Set<Rectify.Web.Hosting.DataProtectionKey>().Count().ShouldBeGreaterThan(0);
        (await response.Content.ReadAsStringAsync()).ShouldContain("赵敏");
    }
}
