namespace Rectify.Web.Ledger;

public sealed record AddItemsResult(CommandStatus Status, string? Message, IReadOnlyList<RowError> RowErrors, IReadOnlyList<string> Numbers)
{
    public bool Succeeded => Status == CommandStatus.Ok;

    public static implicit operator AddItemsResult(CommandResult result) => new(result.Status, result.Message, [], []);
}
