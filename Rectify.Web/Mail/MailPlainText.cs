using System.Text;
using System.Xml.Linq;

namespace Rectify.Web.Mail;

/// <summary>
/// The plain-text alternative of a mail, read off its HTML (the templates write only p, h3, table, ul, a and inline
/// elements, as well-formed markup): paragraphs are separated by a blank line, headings are 【bracketed】, table rows become
/// lines of cells, list items lines with a dash, and a link keeps its address after its text.
/// </summary>
public static class MailPlainText
{
    private const string CellSeparator = "  ";

    public static string FromHtml(string html)
    {
        var root = XElement.Parse("<mail>" + html + "</mail>", LoadOptions.None);
        var text = new StringBuilder();
        Blocks(root, text);
        return text.ToString().Trim() + "\n";
    }

    private static void Blocks(XElement parent, StringBuilder text)
    {
        foreach (var node in parent.Nodes())
        {
            if (node is not XElement element)
            {
                var inline = Inline(node).Trim();
                if (inline.Length > 0)
                {
                    text.Append(inline).Append("\n\n");
                }

                continue;
            }

            switch (element.Name.LocalName)
            {
                case "h1" or "h2" or "h3" or "h4":
                    text.Append('【').Append(Inline(element).Trim()).Append("】\n");
                    break;
                case "table":
                    foreach (var row in element.Descendants().Where(e => e.Name.LocalName == "tr"))
                    {
                        text.AppendJoin(CellSeparator, row.Elements().Select(cell => Inline(cell).Trim())).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case "ul" or "ol":
                    foreach (var item in element.Elements())
                    {
                        text.Append("- ").Append(Inline(item).Trim()).Append('\n');
                    }

                    text.Append('\n');
                    break;
                case "div" or "section":
                    Blocks(element, text);
                    break;
                default:
                    text.Append(Inline(element).Trim()).Append("\n\n");
                    break;
            }
        }
    }

    private static string Inline(XNode node) => node switch
    {
        XText t => Collapse(t.Value),
        XElement { Name.LocalName: "a" } a => Link(a),
        XElement e => string.Concat(e.Nodes().Select(Inline)),
        _ => "",
    };

    private static string Link(XElement a)
    {
        var label = string.Concat(a.Nodes().Select(Inline)).Trim();
        var href = (string?)a.Attribute("href") ?? "";
        return href.Length == 0 || label == href ? label + href : $"{label} {href}";
    }

    /// <summary>Line breaks and indentation from the template's source are not text.</summary>
    private static string Collapse(string value) =>
        value.Contains('\n', StringComparison.Ordinal) && string.IsNullOrWhiteSpace(value) ? "" : value;
}
