using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Support;
using Rectify.Web.Hosting;

namespace Rectify.Tests.Security;

/// <summary>
/// The Data Protection key ring (it signs and encrypts sign-in cookies) is stored encrypted under the operator's key
/// (DataProtection:KeyEncryptionKey), so a copied data folder, backup or database dump cannot mint cookies; the app still
/// reads its keys after a restart, and refuses to start outside Development without the key (docs/decisions/0011).
/// </summary>
public sealed class KeyRingEncryptionTests
{
    private const string OperatorKey = "q3Jm0m4m0Yd0x4M7yR6cK1vGZ2bQe9sT5wL8nH3pA1U=";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Stored_key_ring_holds_no_clear_key_and_sign_in_survives_a_restart(DatabaseProvider provider)
    {
        using var first = RectifyFactory.On(provider).With("DataProtection:KeyEncryptionKey", OperatorKey);
        var cookie = await HttpSignIn.CookiesAsync(first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }), "leader");

        var stored = await StoredKeysAsync(first);
        stored.ShouldNotBeEmpty();
        foreach (var xml in stored)
        {
            // Data Protection writes an unprotected key as <masterKey ...><value>BASE64 key</value></masterKey>.
            xml.ShouldNotContain("<masterKey");
            xml.ShouldContain("encryptedSecret");
        }

        // A second app on the same data (a restart, or another instance) reads the encrypted ring and accepts the cookie.
        using var restarted = SameData(first).With("DataProtection:KeyEncryptionKey", OperatorKey);
        (await SignedInPageAsync(restarted, cookie)).ShouldContain("李建国");
    }

    [Fact]
    public async Task A_copy_of_the_data_without_the_operators_key_cannot_read_sign_in_cookies()
    {
        using var first = RectifyFactory.On(DatabaseProvider.Sqlite).With("DataProtection:KeyEncryptionKey", OperatorKey);
        var cookie = await HttpSignIn.CookiesAsync(first.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }), "leader");

        using var copy = SameData(first).With("DataProtection:KeyEncryptionKey", Convert.ToBase64String(new byte[32]));
        var client = copy.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("Account/Login");
    }

    [Fact]
    public void Outside_Development_the_app_refuses_to_start_without_the_key_and_names_it()
    {
        using var production = new ProductionFactory();
        var error = Should.Throw<Exception>(() => production.CreateClient());
        Flatten(error).ShouldContain("DataProtection:KeyEncryptionKey");
    }

    private static RectifyFactory SameData(RectifyFactory first)
    {
        var next = RectifyFactory.On(first.Provider).With("Rectify:DataFolder", first.Data.Path);
        return first.ConnectionString is null ? next : next.With("Database:ConnectionString", first.ConnectionString);
    }

    private static async Task<string> SignedInPageAsync(RectifyFactory app, string cookie)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<List<string>> StoredKeysAsync(RectifyFactory app)
    {
        if (app.Provider == DatabaseProvider.Postgres)
        {
            await using var db = app.CreateDbContext();
            return await db.Database.SqlQueryRaw<string>("SELECT \"Xml\" AS \"Value\" FROM \"DataProtectionKeys\"").ToListAsync();
        }

        return Directory.GetFiles(Path.Combine(app.Data.Path, "keys"), "*.xml").Select(File.ReadAllText).ToList();
    }

    private static string Flatten(Exception error) =>
        error.InnerException is null ? error.Message : error.Message + " | " + Flatten(error.InnerException);

    private sealed class ProductionFactory : RectifyFactory
    {
        public ProductionFactory() => With("Rectify:InitialAdminPassword", "Production@2026");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
