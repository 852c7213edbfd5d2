using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Components;

namespace Rectify.Web.Components.Shared;

/// <summary>
/// Writes HTML for a <see cref="MarkupString"/>: a part of a page that never changes on its own, kept by Blazor as one string
/// instead of dozens of render-tree frames (decision 0064). Tag and attribute names are the caller's constants; every text and
/// attribute value goes through the HTML encoder, so user text such as <c>&lt;script&gt;</c> is shown, never run. Chinese is
/// written as characters, as the app's <c>WebEncoderOptions</c> do for the rest of the page.
/// </summary>
public sealed class HtmlWriter
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _html;
    private readonly StringWriter _writer;

    public HtmlWriter(int capacity)
    {
        _html = new StringBuilder(capacity);
        _writer = new StringWriter(_html, CultureInfo.InvariantCulture);
    }

    /// <summary>Starts an element: <c>&lt;tag</c>; add attributes, then <see cref="EndOpen"/>.</summary>
    public HtmlWriter Open(string tag) => Raw("<").Raw(tag);

    /// <summary>An attribute with its value encoded (null is written as an empty value).</summary>
    public HtmlWriter Attr(string name, string? value)
    {
        Raw(" ").Raw(name).Raw("=\"");
        Encoder.Encode(_writer, value ?? "");
        return Raw("\"");
    }

    public HtmlWriter EndOpen() => Raw(">");

    /// <summary>Text content, encoded.</summary>
    public HtmlWriter Text(string? value)
    {
        Encoder.Encode(_writer, value ?? "");
        return this;
    }

    public HtmlWriter Close(string tag) => Raw("</").Raw(tag).Raw(">");

    public MarkupString ToMarkup() => new(_html.ToString());

    public override string ToString() => _html.ToString();

    private HtmlWriter Raw(string constant)
    {
        _html.Append(constant);
        return this;
    }
}
