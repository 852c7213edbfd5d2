using System.Text.RegularExpressions;

namespace Rectify.Domain.Reports;

/// <summary>What a part of the report is about.</summary>
internal enum SectionKind
{
    /// <summary>履职情况, closing lines, anything that is neither problems nor next steps.</summary>
    Other,
    /// <summary>存在的问题 / 不足 / 差距.</summary>
    Problems,
    /// <summary>原因分析: left out of the problems.</summary>
    Cause,
    /// <summary>下一步工作思路 / 措施 / 今后努力方向.</summary>
    Measures,
}

/// <summary>
/// The vocabulary of 述职报告 headings and lead phrases. Numbered top-level headings (二、…) are classified
/// by a keyword anywhere in them; sub-headings and unnumbered headings must be short and start with the
/// keyword, because an entry such as "理论学习存在不足" must not be mistaken for a heading.
/// </summary>
internal static partial class HeadingRules
{
    /// <summary>Longest numbered heading text (after 二、) we accept.</summary>
    public const int MaxNumberedHeadingLength = 30;

    /// <summary>Longest sub-heading or unnumbered heading we accept.</summary>
    public const int MaxLooseHeadingLength = 20;

    private const string SentenceEnds = "。；;！!？?";

    [GeneratedRegex("存在的?(主要|突出|一些)?(问题|不足|差距|短板|弱项)|(问题|不足|差距|短板)(和|与|及|以及|、)(不足|差距|问题|短板|弱项)|不足之处|主要问题|突出问题|的不足|主要不足|短板弱项|弱项短板")]
    private static partial Regex ProblemsAnywhere();

    [GeneratedRegex("^(当前|目前|工作中|自身|本人|个人|仍|还|主要)?(存在的?(主要|突出)?(问题|不足|差距|短板|弱项)|(问题|不足|差距|短板)(和|与|及|以及|、)(不足|差距|问题|短板|弱项)|不足之处|主要问题|突出问题|主要不足|短板弱项|弱项短板)")]
    private static partial Regex ProblemsStart();

    // A heading about work on problems (上年度存在问题整改情况) belongs to the 履职 part.
    [GeneratedRegex("(整改|销号)(情况|工作|进展|成效|落实情况)|问题清单|问题台账")]
    private static partial Regex WorkOnProblems();

    [GeneratedRegex("原因|根源")]
    private static partial Regex CauseAnywhere();

    // "存在的问题及原因分析" is a problems heading that also announces the causes; "存在问题的原因" is a cause heading.
    [GeneratedRegex("(及|和|与|以及|、)其?(产生的?)?(主要|根本)?(原因|根源)")]
    private static partial Regex CauseJoined();

    [GeneratedRegex("下一步|下步|下阶段|下一阶段|今后|明年|来年|新的一年|努力方向|打算|整改.{0,4}措施|改进.{0,4}措施|整改方向|改进方向|整改举措|对策|工作计划|^工作思路|\\d{4}年度?的?(工作)?(思路|打算|计划|重点|安排|目标)")]
    private static partial Regex MeasuresAnywhere();

    [GeneratedRegex("^(下一步|下步|下阶段|下一阶段|今后|明年|来年|新的一年|\\d{4}年)[^，。；：:]{0,6}(打算|思路|措施|计划|方向|重点|安排|举措|目标|设想|努力)|^(主要|具体)?(努力方向|整改措施|改进措施|整改方向|改进方向|整改举措|工作打算|工作思路|对策建议|改进打算)")]
    private static partial Regex MeasuresStart();

    // Whole-heading matches only: an entry like "履职能力还有欠缺" must not read as a 履职 heading.
    [GeneratedRegex("^(一年来|本年度|今年以来|年度)?的?(主要)?(工作|履职|履职尽责|抓党建工作)(情况|开展情况|成效|做法|亮点|特色|回顾|总结)?(和|及)?(成效|亮点|特色|成绩)?$|^主要(工作|做法|成效|成绩)$|^基本情况$|^(特色|工作)亮点$|^取得的(主要)?(成绩|成效)$")]
    private static partial Regex OtherStart();

    // A paragraph (or sentence) that opens the cause analysis.
    [GeneratedRegex("""
        \G(?:
          (产生|存在|出现|造成)(上述|以上|这些|这)?些?(问题|不足|差距)的?(主要|根本|深层次|思想)?(原因|根源)
        | (上述|以上|这些)?(问题|不足)(产生|存在|出现)的?(主要|根本|深层次)?(原因|根源)
        | 究其(主要|根本|深层次)?(原因|根源)
        | (主要|根本|深层次)?原因(是|在于|主要|有|分析|剖析)
        | 分析(其|产生的)?原因
        | 深挖(问题)?根源
        | 剖析(问题|原因|根源)
        | 之所以(存在|出现|产生)
        )
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex CauseLead();

    // The formulas that end a 述职报告, and the attachment list after it; nothing after them is an entry.
    [GeneratedRegex("""
        \G(?:
          以上(述职|报告|汇报|是我|发言)
        | 特此(报告|述职)
        | (述职|报告|汇报)人[：:]
        | 谢谢(大家|各位)?[。！!]?$
        | 请(各位领导|各位|大家|组织)?(批评指正|予以?评议|审议|指正)
        | 不(妥|当)之处
        | 妥否
        | 附件\s*\d*\s*([：:]|$)
        | 总之
        | 总而言之
        )
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture)]
    private static partial Regex ClosingLead();

    /// <summary>Classifies the text of a numbered top-level heading (二、… / 第二部分…).</summary>
    public static SectionKind ClassifyNumbered(string heading)
    {
        if (ProblemsAnywhere().IsMatch(heading) && !WorkOnProblems().IsMatch(heading))
        {
            return IsPureCause(heading) ? SectionKind.Cause : SectionKind.Problems;
        }

        if (CauseAnywhere().IsMatch(heading))
        {
            return SectionKind.Cause;
        }

        return MeasuresAnywhere().IsMatch(heading) ? SectionKind.Measures : SectionKind.Other;
    }

    /// <summary>
    /// Classifies a sub-heading ((一)存在的问题) or an unnumbered heading line (存在问题：);
    /// null when the text is not heading-like or has no section keyword at its start.
    /// </summary>
    public static SectionKind? ClassifyLoose(string text)
    {
        var heading = TrimHeading(text);
        // A comma means a sentence ("原因是重业务轻党建，…"), not a heading.
        if (!IsHeadingLike(heading, MaxLooseHeadingLength) || heading.IndexOfAny(['，', ',']) >= 0)
        {
            return null;
        }

        if (ProblemsStart().IsMatch(heading) && !WorkOnProblems().IsMatch(heading))
        {
            return IsPureCause(heading) ? SectionKind.Cause : SectionKind.Problems;
        }

        if (CauseAnywhere().IsMatch(heading))
        {
            return SectionKind.Cause;
        }

        if (MeasuresStart().IsMatch(heading))
        {
            return SectionKind.Measures;
        }

        return OtherStart().IsMatch(heading) ? SectionKind.Other : null;
    }

    /// <summary>Short, and no sentence ends inside: a heading, not a paragraph.</summary>
    public static bool IsHeadingLike(string text, int maxLength) =>
        text.Length >= 2 && text.Length <= maxLength && text.IndexOfAny(SentenceEnds.ToCharArray()) < 0;

    /// <summary>Removes the punctuation a heading may end with (存在问题：).</summary>
    public static string TrimHeading(string text) => text.Trim().TrimEnd('：', ':', '。', '；', ';', '，', ',', ' ');

    public static bool IsCauseLeadAt(string line, int index) => CauseLead().Match(line, index).Success;

    public static bool IsClosingLeadAt(string line, int index) => ClosingLead().Match(line, index).Success;

    private static bool IsPureCause(string heading) =>
        CauseAnywhere().IsMatch(heading) && !CauseJoined().IsMatch(heading);
}
