using System.Globalization;
using Microsoft.Extensions.Localization;
using Rectify.Domain;
using Rectify.Web.Localization;

namespace Rectify.Tests.Domain.TestSupport;

public static class Refusals
{
    private static readonly IStringLocalizer<Text> Chinese = new TextCatalog().For(CultureInfo.GetCultureInfo("zh-CN"));

    /// <summary>The refusal as a Chinese user reads it: the text under "Domain.{code}" with the exception's arguments.</summary>
    public static string InChinese(this DomainException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var text = Chinese["Domain." + refusal.Code, [.. refusal.Arguments]];
        text.ResourceNotFound.ShouldBeFalse($"no text for the code {refusal.Code}");
        return text.Value;
    }

    /// <summary>Asserts the action is refused with a <see cref="DomainException"/> of the given code (not a forbidden one) and returns it.</summary>
    public static DomainException ShouldBeRefused(this Action action, string code)
    {
        var ex = Catch(action);
        ex.ShouldNotBeOfType<DomainForbiddenException>();
        ex.Code.ShouldBe(code);
        ex.InChinese().ShouldNotBeNullOrWhiteSpace();
        return ex;
    }

    /// <summary>Asserts the action is refused for lack of authority: an item.forbidden.* code whose text says so.</summary>
    public static DomainForbiddenException ShouldBeForbidden(this Action action)
    {
        var ex = Catch(action).ShouldBeOfType<DomainForbiddenException>();
        ex.Code.ShouldStartWith("item.forbidden.");
        ex.InChinese().ShouldStartWith("您无权");
        return ex;
    }

    /// <summary>Asserts the action is refused for lack of authority with the given code (a separation-of-duties refusal has its own text).</summary>
    public static DomainForbiddenException ShouldBeForbiddenWith(this Action action, string code)
    {
        var ex = Catch(action).ShouldBeOfType<DomainForbiddenException>();
        ex.Code.ShouldBe(code);
        ex.InChinese().ShouldNotBeNullOrWhiteSpace();
        return ex;
    }

    private static DomainException Catch(Action action)
    {
        try
        {
            action();
        }
        catch (DomainException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("Expected the action to be refused, but it succeeded.");
    }
}
