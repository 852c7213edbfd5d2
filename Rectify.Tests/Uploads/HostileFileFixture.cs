using Rectify.Tests.Support;

namespace Rectify.Tests.Uploads;

/// <summary>The hostile files, each written once (lazily) into a temp folder for the tests of a class and deleted afterwards.</summary>
public sealed class HostileFileFixture : IDisposable
{
    private readonly TempFolder _folder = new("rectify-hostile");
    private readonly Lazy<string> _docx;
    private readonly Lazy<string> _rows;
    private readonly Lazy<string> _strings;

    public HostileFileFixture()
    {
        _docx = new(() => Write("述职报告.docx", p => HostileFiles.DocxBomb(p)));
        _rows = new(() => Write("两百万行.xlsx", p => HostileFiles.XlsxRows(p)));
        _strings = new(() => Write("共享字符串.xlsx", p => HostileFiles.XlsxSharedStrings(p)));
    }

    /// <summary>.docx under 10 MB whose document part inflates past 1 GB.</summary>
    public string DocxBomb => _docx.Value;

    /// <summary>.xlsx of 2 million rows.</summary>
    public string TwoMillionRows => _rows.Value;

    /// <summary>.xlsx with more than 1 GB of shared strings.</summary>
    public string GigabyteOfSharedStrings => _strings.Value;

    public void Dispose() => _folder.Dispose();

    private string Write(string name, Action<string> write)
    {
        var path = _folder.File(name);
        write(path);
        return path;
    }
}
