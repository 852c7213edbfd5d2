using System.Globalization;
using Rectify.Web.Localization;

namespace Rectify.Tests.Web;

public class LocalizationTests
{
    [Fact]
    public void Every_Chinese_text_has_an_English_one_and_the_reverse()
    {
        var zh = Text.Table("zh").Keys.ToHashSet();
        var en = Text.Table("en").Keys.ToHashSet();
        // Enum and category names in Chinese come from the domain's vocabulary, not the tables.
        static bool DomainNamed(string k) => k.StartsWith("Enum.ItemStatus.", StringComparison.Ordinal) || k.StartsWith("Enum.ProblemSource.", StringComparison.Ordinal)
            || k.StartsWith("Enum.DeadlineType.", StringComparison.Ordinal) || k.StartsWith("Enum.ReportingPeriod.", StringComparison.Ordinal) || k.StartsWith("Category.", StringComparison.Ordinal);

        en.Where(k => !DomainNamed(k)).Except(zh).ShouldBeEmpty("English keys without Chinese");
        zh.Except(en).ShouldBeEmpty("Chinese keys without English");
    }

    [Fact]
    public void Enum_names_are_Chinese_by_default_and_English_when_chosen()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Names.Of(Rectify.Domain.Ledger.ItemStatus.AwaitingSignOff).ShouldBe("待销号");
            Names.Of(Rectify.Domain.Ledger.TrafficLight.Red).ShouldBe("红灯（逾期）");
            CultureInfo.CurrentUICulture = new CultureInfo("en-US");
            Names.Of(Rectify.Domain.Ledger.ItemStatus.AwaitingSignOff).ShouldBe("Awaiting sign-off");
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    [Fact]
    public void A_refusal_of_the_item_rules_reaches_an_English_user_in_English()
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            var refusal = new Rectify.Domain.DomainException("item.signoff.needs_progress", "申请销号前至少需要填报一次整改进展。");
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Rectify.Web.Ledger.CommandResult.From(refusal).Message.ShouldBe("申请销号前至少需要填报一次整改进展。");
            CultureInfo.CurrentUICulture = new CultureInfo("en-US");
            Rectify.Web.Ledger.CommandResult.From(refusal).Message.ShouldBe("Report progress at least once before asking for sign-off.");
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }
}
