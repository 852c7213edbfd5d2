using Rectify.Domain;

namespace Rectify.Web.Ledger;

/// <summary>Refusals in the language of the injected localizer (the requester's): <c>text.Invalid("Admin.Org.NotFound")</c>.</summary>
public static class Refusals
{
    public static CommandResult NotFound(this IStringLocalizer<Text> text) => Result(text, CommandStatus.NotFound, "Ledger.NotFound");

    public static CommandResult Forbidden(this IStringLocalizer<Text> text) => Result(text, CommandStatus.Forbidden, "Ledger.Forbidden");

    public static CommandResult Conflict(this IStringLocalizer<Text> text) => Result(text, CommandStatus.Conflict, "Ledger.Conflict");

    public static CommandResult Invalid(this IStringLocalizer<Text> text, string key, params object[] arguments) =>
        Result(text, CommandStatus.Invalid, key, arguments);

    public static CommandResult Forbidden(this IStringLocalizer<Text> text, string key, params object[] arguments) =>
        Result(text, CommandStatus.Forbidden, key, arguments);

    /// <summary>A domain refusal: the text under "Domain.{code}" with the exception's arguments.</summary>
    public static CommandResult Refusal(this IStringLocalizer<Text> text, DomainException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return Result(
            text,
            refusal is DomainForbiddenException ? CommandStatus.Forbidden : CommandStatus.Invalid,
            "Domain." + refusal.Code,
            [.. refusal.Arguments]);
    }

    private static CommandResult Result(IStringLocalizer<Text> text, CommandStatus status, string key, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CommandResult(status, arguments.Length == 0 ? text[key] : text[key, arguments]);
    }
}
