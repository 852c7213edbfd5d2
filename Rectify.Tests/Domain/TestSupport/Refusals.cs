using Rectify.Domain;

namespace Rectify.Tests.Domain.TestSupport;

public static class Refusals
{
    /// <summary>Asserts the action is refused with a <see cref="DomainException"/> of the given code (not a forbidden one) and returns it.</summary>
    public static DomainException ShouldBeRefused(this Action action, string code)
    {
        var ex = Catch(action);
        ex.ShouldNotBeOfType<DomainForbiddenException>();
        ex.Code.ShouldBe(code);
        ex.Message.ShouldNotBeNullOrWhiteSpace();
        return ex;
    }

    /// <summary>Asserts the action is refused for lack of authority, with the message the user sees.</summary>
    public static DomainForbiddenException ShouldBeForbidden(this Action action)
    {
        var ex = Catch(action).ShouldBeOfType<DomainForbiddenException>();
        ex.Message.ShouldBe("您无权对该整改事项执行此操作。");
        return ex;
    }

    /// <summary>Asserts the action is refused for lack of authority with the given code (a separation-of-duties refusal has its own text).</summary>
    public static DomainForbiddenException ShouldBeForbiddenWith(this Action action, string code)
    {
        var ex = Catch(action).ShouldBeOfType<DomainForbiddenException>();
        ex.Code.ShouldBe(code);
        ex.Message.ShouldNotBeNullOrWhiteSpace();
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
