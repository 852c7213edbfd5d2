using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rectify.Tests.Support;
using Rectify.Web.Evidence;
using Rectify.Web.Hosting;
using Rectify.Web.Ledger;

namespace Rectify.Tests.ItemDetail;

public sealed class EvidenceStoreTests : IDisposable
{
    private readonly TempFolder _data = new("rectify-evidence");

    [Theory]
    [InlineData(".jpg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 })]
    [InlineData(".png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D })]
    [InlineData(".gif", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 })]
    [InlineData(".pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D })]
    [InlineData(".docx", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 })]
    [InlineData(".xlsx", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14 })]
    [InlineData(".doc", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1 })]
    [InlineData(".xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1 })]
    [InlineData(".txt", new byte[] { 0xE5, 0xAD, 0xA6, 0xE4, 0xB9, 0xA0 })]
    public void Content_matching_its_extension_is_accepted(string extension, byte[] head) =>
        EvidenceStore.ContentMatches(extension, head).ShouldBeTrue();

    [Theory]
    [InlineData(".pdf", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData(".png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 })]
    [InlineData(".docx", new byte[] { 0xD0, 0xCF, 0x11, 0xE0 })]
    [InlineData(".txt", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    [InlineData(".txt", new byte[] { 0x41, 0x00, 0x42 })]
    [InlineData(".exe", new byte[] { 0x4D, 0x5A, 0x90, 0x00 })]
    public void Content_not_matching_its_extension_is_refused(string extension, byte[] head) =>
        EvidenceStore.ContentMatches(extension, head).ShouldBeFalse();

    [Fact]
    public async Task An_accepted_file_is_stored_under_year_and_guid_never_under_its_own_name()
    {
        var store = Store();
        var result = await store.SaveAsync("../../支部学习计划.pdf", SampleFiles.Pdf.Length, new MemoryStream(SampleFiles.Pdf));

        result.Succeeded.ShouldBeTrue(result.Error);
        result.File!.FileName.ShouldBe("支部学习计划.pdf");
        result.File.ContentType.ShouldBe("application/pdf");
        result.File.Size.ShouldBe(SampleFiles.Pdf.Length);
        result.File.StorageKey.ShouldMatch("^[0-9]{4}/[0-9a-f]{32}$");
        var files = Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories);
        files.ShouldHaveSingleItem().ShouldEndWith(result.File.StorageKey.Replace('/', Path.DirectorySeparatorChar));
        await using var stored = store.OpenRead(result.File.StorageKey)!;
        using var copy = new MemoryStream();
        await stored.CopyToAsync(copy);
        copy.ToArray().ShouldBe(SampleFiles.Pdf);
    }

    [Theory]
    [InlineData("空白.png", 0, "文件“空白.png”是空的（0 字节），未上传。")]
    [InlineData("大文件.pdf", 1025, "文件“大文件.pdf”超过了 1 KB 的大小限制，未上传。")]
    [InlineData("程序.pdf", -1, "文件“程序.pdf”的内容与扩展名不符（可能是改了扩展名的其他文件），未上传。")]
    [InlineData("setup.exe", -1, "文件“setup.exe”的类型不允许上传。只能上传：.doc .docx .gif .jpeg .jpg .pdf .png .ppt .pptx .txt .xls .xlsx。")]
    [InlineData("无扩展名", -1, "文件“无扩展名”的类型不允许上传。只能上传：.doc .docx .gif .jpeg .jpg .pdf .png .ppt .pptx .txt .xls .xlsx。")]
    public async Task Refused_files_leave_nothing_on_disk(string name, int size, string message)
    {
        var store = Store(maxBytes: 1024);
        var bytes = size switch
        {
            0 => [],
            -1 => SampleFiles.Exe,
            _ => Enumerable.Repeat((byte)'%', size).ToArray(),
        };

        var result = await store.SaveAsync(name, bytes.Length, new MemoryStream(bytes));

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldBe(message);
        (Directory.Exists(store.Root) ? Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories) : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stream_longer_than_the_size_it_declared_is_cut_off_at_the_limit()
    {
        var store = Store(maxBytes: 1024);
        var bytes = new byte[5000];
        SampleFiles.Pdf.CopyTo(bytes, 0);

        var result = await store.SaveAsync("会议记录.pdf", 100, new MemoryStream(bytes));

        result.Error.ShouldBe("文件“会议记录.pdf”超过了 1 KB 的大小限制，未上传。");
        Directory.GetFiles(store.Root, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../rectify.db")]
    [InlineData("2026/../../rectify.db")]
    [InlineData("2026/0123456789abcdef0123456789abcdeg")]
    [InlineData("/etc/passwd")]
    public void Malformed_storage_keys_open_nothing(string key) =>
        Store().OpenRead(key).ShouldBeNull();

    [Fact]
    public void Configured_extensions_replace_the_defaults_and_unknown_types_stop_the_app()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Evidence:AllowedExtensions:0"] = ".pdf",
            ["Evidence:AllowedExtensions:1"] = "JPG",
        }).Build();
        var options = configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>()!;
        options.Extensions.Order().ShouldBe([".jpg", ".pdf"]);
        options.Validate(new(options)).ShouldBeEmpty();

        var bad = new EvidenceOptions { AllowedExtensions = [".exe"], MaxFileBytes = 0 };
        bad.Validate(new(bad)).Select(r => r.ErrorMessage).ShouldBe([
            "Evidence:MaxFileBytes must be at least 1.",
            "Evidence:AllowedExtensions: '.exe' is not a supported type (.jpg .jpeg .png .gif .pdf .doc .xls .ppt .docx .xlsx .pptx .txt).",
        ]);
        new EvidenceOptions().MaxFileBytes.ShouldBe(20 * 1024 * 1024);
    }

    private EvidenceStore Store(long maxBytes = EvidenceOptions.DefaultMaxFileBytes) => new(
        Options.Create(new EvidenceOptions { MaxFileBytes = maxBytes }),
        Options.Create(new RectifyOptions { DataFolder = _data.Path }),
        new HostingEnvironment { ContentRootPath = _data.Path },
        TimeProvider.System,
        NullLogger<EvidenceStore>.Instance);

    public void Dispose() => _data.Dispose();
}
