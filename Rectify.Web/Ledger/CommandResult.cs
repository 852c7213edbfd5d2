namespace Rectify.Web.Ledger;

/// <summary>
/// The outcome of a user's action, with a message in the user's language when it did not succeed. Refusals are made
/// with the request's localizer (<see cref="Refusals"/>), so the message is already in the requester's language.
/// </summary>
public sealed record CommandResult(CommandStatus Status, string? Message = null, int Version = 0)
{
    public bool Succeeded => Status == CommandStatus.Ok;

    public static CommandResult Ok(int version = 0) => new(CommandStatus.Ok, Version: version);

    public static CommandResult Forbidden(string message) => new(CommandStatus.Forbidden, message);

    public static CommandResult Invalid(string message) => new(CommandStatus.Invalid, message);
}
