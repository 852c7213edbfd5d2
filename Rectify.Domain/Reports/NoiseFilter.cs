using System.Text.RegularExpressions;

namespace Rectify.Domain.Reports;

/// <summary>
/// Recognises lines that are not part of the report: what web pages, document converters and
/// reposting sites add around it (banners, breadcrumbs, footers, contact lines, page numbers…).
/// </summary>
internal static partial class NoiseFilter
{
    // Real paragraphs of a report are long; noise lines are short. Keyword rules only apply below this,
    // so a long paragraph that happens to mention 电话 or 地址 is never dropped.
    private const int MaxNoiseLength = 120;

    // Anywhere in a short line.
    [GeneratedRegex("""
        版权所有|Copyright|©|ICP[备证]|公网安备|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|分享到|字号[：:]|【字体
        |浏览次数|阅读次数|点击(次数|数|量)[：:]|访问量|当前位置|您的位置|您现在的位置|责任编辑
        |(技术支持|主办单位|承办单位|主办|承办)[：:]
        |QQ群?[：:]?\s*\d{5,}|微信号[：:]|公众号[：:]
        |(电话|传真|手机|热线|联系方式|邮编|邮政编码|地址|邮箱|E-?mail|电子邮件)\s*[：:]
        |[\w.+-]+@[\w-]+\.[\w.]+
        |https?://|www\.
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase)]
    private static partial Regex AnywhereRegex();

    // At the start of a short line: page metadata, previous/next links.
    // (附件： is not noise but a closing: the attachment list after it must not become entries.)
    [GeneratedRegex("""
        ^(来源|信息来源|文章来源|稿件来源|编辑|作者|审核|校对|发布时间|发布日期|发布人|时间|日期|录入|撰稿|供稿)\s*[：:]
        |^(上一篇|下一篇|上一条|下一条)\s*[：:]?
        |^首页\s*[>＞»]
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex StartRegex();

    // The whole line: dates alone, page numbers, attached file names, rules of symbols.
    [GeneratedRegex("""
        ^\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*(\d{1,2}\s*日?)?(\s+\d{1,2}:\d{2}(:\d{2})?)?$
        |^[〇零○一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月([一二三四五六七八九十]{1,3}日)?$
        |^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$
        |^[-—–－]+\s*\d+\s*[-—–－]+$
        |^\d+\s*/\s*\d+$
        |\.(docx?|pdf|xlsx?|wps|et|pptx?|zip|rar|jpe?g|png)$
        |^[\p{P}\p{S}\s]+$
        |^((网站地图|联系我们|设为首页|加入收藏|返回顶部|关于我们|网站声明|隐私政策|无障碍|首页|登录|注册)[\s|｜丨/·]*)+$
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.IgnoreCase)]
    private static partial Regex WholeLineRegex();

    public static bool IsNoise(string line) =>
        line.Length <= MaxNoiseLength
        && (WholeLineRegex().IsMatch(line) || StartRegex().IsMatch(line) || AnywhereRegex().IsMatch(line));
}
