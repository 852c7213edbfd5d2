namespace Rectify.Web.Ledger;

/// <summary>A <see cref="CommandResult"/> that also carries what the action produced (a new id, a list to show).</summary>
public sealed record CommandResult<T>(CommandStatus Status, T? Value = default, string? Message = null)
{
    public bool Succeeded => Status == CommandStatus.Ok;

    public static CommandResult<T> Ok(T value) => new(CommandStatus.Ok, value);

    public static implicit operator CommandResult<T>(CommandResult result) => new(result.Status, default, result.Message);
}
