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
        // With SQLite the key ring lives in the shared data folder (PostgreSQL: in the database), not in a per-user folder.
        Directory.GetFiles(Path.Combine(first.Data.Path, "keys"), "key-*.xml").ShouldNotBeEmpty();
        (await response.Content.ReadAsStringAsync()).ShouldContain("赵敏");
    }
}
