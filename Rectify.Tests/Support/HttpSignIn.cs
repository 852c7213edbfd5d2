using System.Net;
using System.Text.RegularExpressions;

namespace Rectify.Tests.Support;

/// <summary>Signs in through the real login form over HTTP (antiforgery token included) and returns the cookies to send.</summary>
public static partial class HttpSignIn
{
    public static async Task<string> CookiesAsync(HttpClient client, string userName, string password = Rectify.Web.Data.Seeder.DemoPassword)
    {
        var page = await client.GetAsync("/Account/Login");
        var antiforgeryCookie = Cookies(page);
        var html = await page.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html).Groups[1].Value;

        using var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.UserName"] = userName,
                ["Input.Password"] = password,
            }),
        };
        post.Headers.Add("Cookie", antiforgeryCookie);
        var response = await client.SendAsync(post);
        var auth = Cookies(response);
        if (!auth.Contains("Rectify.Auth", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode}");
        }

        return auth;
    }

    private static string Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? string.Join("; ", values.Select(v => v.Split(';')[0])) : "";

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
