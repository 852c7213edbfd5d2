using Rectify.Domain;
using Rectify.Web.Localization;

namespace Rectify.Web.Ledger;

/// <summary>The outcome of a user's action, with a message in the user's language when it did not succeed.</summary>
public sealed record CommandResult(CommandStatus Status, string? Message = null, int Version = 0)
{
    public bool Succeeded => Status == CommandStatus.Ok;

    public static CommandResult Ok(int version = 0) => new(CommandStatus.Ok, Version: version);

    public static CommandResult NotFound() => new(CommandStatus.NotFound, Text.Get("Ledger.NotFound"));

    public static CommandResult Forbidden(string? message = null) => new(CommandStatus.Forbidden, message ?? Text.Get("Ledger.Forbidden"));

    public static CommandResult Invalid(string message) => new(CommandStatus.Invalid, message);

    public static CommandResult Conflict() => new(CommandStatus.Conflict, Text.Get("Ledger.Conflict"));

    /// <summary>The domain speaks Chinese; an English translation is used when the Text tables have one for the code.</summary>
    public static CommandResult From(DomainException e)
    {
        var key = "Domain." + e.Code;
        var message = Text.Exists(key) ? Text.Get(key) : e.Message;
        return e is DomainForbiddenException ? Forbidden(message) : Invalid(message);
    }
}
