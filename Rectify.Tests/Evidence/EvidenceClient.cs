using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Ledger;
using Rectify.Tests.Support;

namespace Rectify.Tests.Evidence;

/// <summary>
/// A signed-in user of an app on Kestrel, uploading and downloading evidence exactly as a browser's plain form does:
/// POST /items/{id}/progress (multipart, antiforgery token) and GET /evidence/{id}.
/// </summary>
internal sealed partial class EvidenceClient : IDisposable
{
    private readonly RectifyFactory _app;
    private readonly HttpClient _client;
    private string _cookies = "";
    private string _token = "";

    private EvidenceClient(RectifyFactory app, string baseAddress)
    {
        _app = app;
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(baseAddress),
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public static async Task<EvidenceClient> SignInAsync(RectifyFactory app, string baseAddress, string userName)
    {
        var client = new EvidenceClient(app, baseAddress);
        var auth = await HttpSignIn.CookiesAsync(client._client, userName);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Manage/ChangePassword");
        request.Headers.Add("Cookie", auth);
        var page = await client._client.SendAsync(request);
        var html = await page.Content.ReadAsStringAsync();
        client._token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var set = page.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];
        client._cookies = string.Join("; ", new[] { auth }.Concat(set));
        client._token.ShouldNotBeNullOrEmpty();
        return client;
    }

    /// <summary>Reports progress on the item with one file; returns the evidence id the app recorded.</summary>
    public async Task<Guid> UploadAsync(Guid itemId, string fileName, Stream content)
    {
        int version;
        await using (var db = _app.CreateDbContext())
        {
            version = await db.Items.Where(i => i.Id == itemId).Select(i => i.Version).SingleAsync();
        }

        using var form = new MultipartFormDataContent
        {
            { new StringContent(_token), "__RequestVerificationToken" },
            { new StringContent(version.ToString(CultureInfo.InvariantCulture)), "version" },
            { new StringContent("上传佐证材料"), "text" },
            { new StreamContent(content, 81920), "files", fileName },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/items/{itemId}/progress") { Content = form };
        request.Headers.Add("Cookie", _cookies);
        using var response = await _client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var reportId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reportId").GetGuid();
        await using var read = _app.CreateDbContext();
        return await read.Set<EvidenceFile>().Where(e => e.ProgressReportId == reportId).Select(e => e.Id).SingleAsync();
    }

    /// <summary>Downloads the file, hashing it as it arrives (never holding it): status, length and SHA-256.</summary>
    public async Task<(HttpStatusCode Status, long Length, string Sha256, string? FileName)> DownloadAsync(Guid evidenceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/evidence/{evidenceId}");
        request.Headers.Add("Cookie", _cookies);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return (response.StatusCode, total, Convert.ToHexStringLower(hash.GetHashAndReset()), response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
