using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Security;
using Rectify.Tests.Support;
using Rectify.Web.Evidence;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Uploads;

/// <summary>
/// Issue 20 §4: authorize before writing anything. An upload to an item the user may not touch, or to no item at all, is
/// refused before a byte of it reaches the evidence folder: a <see cref="FileSystemWatcher"/> on the folder sees no file
/// created (not even a *.part), and the upload's stream is never opened.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class EvidenceUploadGuardTests(SecurityApp app)
{
    [Fact]
    public async Task A_form_upload_to_another_branchs_item_is_refused_and_writes_no_file_not_even_a_partial_one()
    {
        var item = await app.CreateItemAsync(SecurityApp.Stage.InProgress);
        using var watch = EvidenceWatch.On(app.App);

        var response = await app.PostFormAsync("secretary2", $"/items/{item.Id}/progress",
            [new("version", item.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("text", "越权上传")],
            [("照片.png", SecurityApp.Png)]);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldBe("您无权查看或操作该整改事项。");
        watch.Created.ShouldBeEmpty();
        watch.FilesNow().ShouldBe(watch.FilesBefore);
        (await app.LoadAsync(item.Id)).Evidence.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_form_upload_to_an_unknown_item_is_refused_and_writes_no_file()
    {
        using var watch = EvidenceWatch.On(app.App);

        var response = await app.PostFormAsync("secretary", $"/items/{Guid.NewGuid()}/progress",
            [new("version", "1"), new("text", "不存在的事项")],
            [("照片.png", SecurityApp.Png)]);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldBe("该整改事项不存在或已被移除。");
        watch.Created.ShouldBeEmpty();
        watch.FilesNow().ShouldBe(watch.FilesBefore);
    }

    [Theory]
    [InlineData("secretary2", false)]
    [InlineData("leader2", false)]
    [InlineData("secretary", true)]
    public async Task The_item_pages_upload_service_never_opens_the_file_of_a_user_who_may_not_work_on_the_item(string user, bool unknownItem)
    {
        // secretary2: another branch's item; leader2 may read the item (包抓) but not work on it; secretary: an unknown item.
        var item = await app.CreateItemAsync(SecurityApp.Stage.InProgress);
        var target = unknownItem ? Guid.NewGuid() : item.Id;
        await using var scope = await app.ScopeAsync(user);
        var uploads = scope.Get<EvidenceUploads>();
        var opened = false;
        using var watch = EvidenceWatch.On(app.App);

        var result = await uploads.RunAsync(target, item.Version, [new PickedFile("照片.png", SecurityApp.Png.Length, _ =>
        {
            opened = true;
            return new MemoryStream(SecurityApp.Png);
        })], (_, _, _, _) => null);

        result.Succeeded.ShouldBeFalse();
        result.Status.ShouldBe(target == item.Id ? CommandStatus.Forbidden : CommandStatus.NotFound);
        opened.ShouldBeFalse();
        watch.Created.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stale_version_is_refused_before_the_file_is_read()
    {
        var item = await app.CreateItemAsync(SecurityApp.Stage.InProgress);
        await using var scope = await app.ScopeAsync("secretary");
        var opened = false;
        using var watch = EvidenceWatch.On(app.App);

        var result = await scope.Get<EvidenceUploads>().RunAsync(item.Id, item.Version - 1, [new PickedFile("照片.png", SecurityApp.Png.Length, _ =>
        {
            opened = true;
            return new MemoryStream(SecurityApp.Png);
        })], (_, _, _, _) => null);

        result.Status.ShouldBe(CommandStatus.Conflict);
        opened.ShouldBeFalse();
        watch.Created.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_sample_nginx_config_lets_every_upload_the_app_accepts_through_so_the_app_answers_in_Chinese()
    {
        var config = await File.ReadAllTextAsync(Path.Combine(AppProcess.RepositoryRoot, "deploy", "nginx-rectify.conf"));
        var match = Regex.Match(config, @"^\s*client_max_body_size\s+(\d+)m;", RegexOptions.Multiline);
        match.Success.ShouldBeTrue("client_max_body_size in deploy/nginx-rectify.conf");
        var nginxBytes = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) * 1024 * 1024;

        var evidence = app.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EvidenceOptions>>().Value;
        nginxBytes.ShouldBeGreaterThan(evidence.MaxRequestBytes, "nginx must pass an oversized evidence form to the app, which refuses it in Chinese");
        config.ShouldContain("error_page 413");
    }
}

/// <summary>
/// Watches the app's evidence folder (subfolders included) for any file created while a test runs, except the readiness
/// check's probe (<see cref="Rectify.Web.Operations.FolderProbe"/>), which the background health check writes and deletes there
/// every 30 seconds whatever the test does.
/// </summary>
internal sealed class EvidenceWatch : IDisposable
{
    private readonly FileSystemWatcher _watcher;
    private readonly List<string> _created = [];
    private readonly string _root;

    private EvidenceWatch(string root)
    {
        _root = root;
        // The store writes under {root}/{year}: create it now so the watcher covers it from the start.
        Directory.CreateDirectory(Path.Combine(root, DateTime.UtcNow.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)));
        FilesBefore = FilesNow();
        _watcher = new FileSystemWatcher(root) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName };
        _watcher.Created += (_, e) =>
        {
            if (Path.GetFileName(e.FullPath).StartsWith(Rectify.Web.Operations.FolderProbe.ProbePrefix, StringComparison.Ordinal))
            {
                return;
            }

            lock (_created)
            {
                _created.Add(e.FullPath);
            }
        };
        _watcher.Renamed += (_, e) =>
        {
            lock (_created)
            {
                _created.Add(e.FullPath);
            }
        };
        _watcher.EnableRaisingEvents = true;
    }

    public IReadOnlyList<string> FilesBefore { get; }

    public IReadOnlyList<string> Created
    {
        get
        {
            // inotify events arrive asynchronously: give them a moment.
            Thread.Sleep(300);
            lock (_created)
            {
                return [.. _created];
            }
        }
    }

    public static EvidenceWatch On(RectifyFactory app) => new(app.Services.GetRequiredService<EvidenceStore>().Root);

    public IReadOnlyList<string> FilesNow() =>
        Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    public void Dispose() => _watcher.Dispose();
}
