using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Rectify.Domain;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Tests.Support;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Tests.Web;

/// <summary>
/// One way to speak: every text the code can ask for exists in Chinese and in English — the domain's refusal codes (found in
/// the domain's source), the enums users see, the tables themselves — and the domain carries no display text.
/// </summary>
public partial class LocalizationTests
{
    private static readonly TextCatalog Catalog = new();

    private static readonly IStringLocalizer<Text> Chinese = Catalog.For(CultureInfo.GetCultureInfo("zh-CN"));

    private static readonly IStringLocalizer<Text> English = Catalog.For(CultureInfo.GetCultureInfo("en-US"));

    [Fact]
    public void Every_Chinese_text_has_an_English_one_and_the_reverse()
    {
        var zh = Catalog.Table("zh").Keys.ToHashSet();
        var en = Catalog.Table("en").Keys.ToHashSet();

        en.Except(zh).ShouldBeEmpty("English keys without Chinese");
        zh.Except(en).ShouldBeEmpty("Chinese keys without English");
    }

    [Fact]
    public void Every_refusal_code_of_the_domain_has_a_Chinese_and_an_English_text()
    {
        var codes = RefusalCodes();
        codes.Count.ShouldBeGreaterThan(60, "the scan of the domain's source found too few codes: " + string.Join(", ", codes));
        codes.ShouldContain("item.signoff.needs_progress");
        codes.ShouldContain("item.forbidden.own_work");
        codes.ShouldContain("item.description.too_long");

        codes.Where(c => !Catalog.Table("zh").ContainsKey("Domain." + c)).ShouldBeEmpty("codes without a Chinese text");
        codes.Where(c => !Catalog.Table("en").ContainsKey("Domain." + c)).ShouldBeEmpty("codes without an English text");
    }

    [Fact]
    public void The_domain_throws_codes_not_display_text()
    {
        var withText = DomainSources()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => l.Text.Contains("Exception(", StringComparison.Ordinal) && Cjk().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        withText.ShouldBeEmpty();
    }

    [Fact]
    public void Every_enum_users_see_has_a_Chinese_and_an_English_name_and_Chinese_is_the_domain_vocabulary()
    {
        Type[] shown = [typeof(ItemStatus), typeof(ProblemSource), typeof(DeadlineType), typeof(ReportingPeriod), typeof(TrafficLight), typeof(OrganizationLevel), typeof(ExtensionState)];
        foreach (var type in shown)
        {
            foreach (var name in Enum.GetNames(type))
            {
                var key = $"Enum.{type.Name}.{name}";
                Catalog.Table("zh").ContainsKey(key).ShouldBeTrue(key);
                Catalog.Table("en").ContainsKey(key).ShouldBeTrue(key);
                Catalog.Table("zh")[key].ShouldNotBe(Catalog.Table("en")[key], key);
            }
        }

        // The spreadsheet vocabulary the importer reads stays the same words the UI shows.
        Enum.GetValues<ItemStatus>().ShouldAllBe(v => Chinese.NameOf(v) == ItemStatusNames.Name(v));
        Enum.GetValues<ProblemSource>().ShouldAllBe(v => Chinese.NameOf(v) == ProblemSourceNames.Name(v));
        Enum.GetValues<DeadlineType>().ShouldAllBe(v => Chinese.NameOf(v) == DeadlineTypeNames.Name(v));
        Enum.GetValues<ReportingPeriod>().ShouldAllBe(v => Chinese.NameOf(v) == ReportingPeriodNames.Name(v));
        Categories.Suggested.ShouldAllBe(c => Chinese.CategoryName(c) == c && English.CategoryName(c) != c);
    }

    [Fact]
    public void Enum_names_are_Chinese_by_default_and_English_when_chosen()
    {
        Chinese.NameOf(ItemStatus.AwaitingSignOff).ShouldBe("待销号");
        Chinese.NameOf(TrafficLight.Red).ShouldBe("红灯（逾期）");
        English.NameOf(ItemStatus.AwaitingSignOff).ShouldBe("Awaiting sign-off");
        English.CategoryName("自定义类别").ShouldBe("自定义类别");
    }

    [Fact]
    public void A_refusal_of_the_domain_reaches_an_English_user_in_English_with_its_arguments()
    {
        var refusal = new DomainException("item.signoff.needs_progress");
        Chinese.Refusal(refusal).Message.ShouldBe("申请销号前至少需要填报一次整改进展。");
        English.Refusal(refusal).Message.ShouldBe("Report progress at least once before asking for sign-off.");

        var notLater = new DomainException("item.extension.not_later", new DateOnly(2026, 12, 31));
        Chinese.Refusal(notLater).Message.ShouldBe("延期后的时限必须晚于当前整改时限（2026年12月31日）。");
        English.Refusal(notLater).Message.ShouldBe("The new deadline must be later than the current one (31 December 2026).");

        var forbidden = English.Refusal(new DomainForbiddenException("item.forbidden.decide"));
        forbidden.Status.ShouldBe(CommandStatus.Forbidden);
        forbidden.Message.ShouldBe("You may not decide on this item.");
    }

    [Fact]
    public void The_registered_localizer_follows_the_request_culture()
    {
        var localizer = new TextLocalizer(Catalog);
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en-US");
            localizer["Ledger.NotFound"].Value.ShouldBe(Catalog.Table("en")["Ledger.NotFound"]);
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            localizer["Ledger.NotFound"].Value.ShouldBe(Catalog.Table("zh")["Ledger.NotFound"]);
            localizer["No.Such.Key"].ResourceNotFound.ShouldBeTrue();
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    /// <summary>
    /// Every code the domain can refuse with, read from its source: the literal codes of DomainException and
    /// DomainForbiddenException, the item.forbidden.* codes of the access rules, and {field}.required / {field}.too_long
    /// of the text rules. Codes the web layer raises as domain exceptions are read from its source the same way.
    /// </summary>
    private static HashSet<string> RefusalCodes()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in DomainSources().Concat(WebSources()))
        {
            var source = File.ReadAllText(file);
            foreach (Match m in ThrownCode().Matches(source))
            {
                codes.Add(m.Groups[1].Value);
            }

            foreach (Match m in ForbiddenCode().Matches(source))
            {
                codes.Add(m.Groups[1].Value);
            }

            foreach (Match m in TextRuleCode().Matches(source))
            {
                if (m.Groups[1].Value == "Required")
                {
                    codes.Add(m.Groups[2].Value + ".required");
                }

                codes.Add(m.Groups[2].Value + ".too_long");
            }
        }

        return codes;
    }

    private static IEnumerable<string> DomainSources() => Sources("Rectify.Domain");

    private static IEnumerable<string> WebSources() => Sources("Rectify.Web");

    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryFolder.Root, project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex("""Domain(?:Forbidden)?Exception\("([a-z_]+(?:\.[a-z_]+)+)"[,)]""")]
    private static partial Regex ThrownCode();

    [GeneratedRegex(""""(item\.forbidden\.[a-z_]+|problem_list\.forbidden)"""")]
    private static partial Regex ForbiddenCode();

    [GeneratedRegex("""TextRules\.(Required|Optional)\([^;]*?"([a-z_]+(?:\.[a-z_]+)+)"[,)]""")]
    private static partial Regex TextRuleCode();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}
