namespace Rectify.Web.Components.Pages.Items.Detail;

/// <summary>One of the item page's named operations, given the item and the version the user's page shows.</summary>
public delegate Task<CommandResult> ItemCommand(Guid itemId, int expectedVersion);

/// <summary>
/// What the item page hands each of its panels: the item as loaded once, who is looking, what the domain lets them do now
/// (<see cref="RectificationItem.AvailableActions"/>), and one way to run a command so every panel reports success,
/// refusals and conflicts alike and the page reloads the item afterwards.
/// </summary>
public sealed class ItemPageState(ItemDetailView detail, AccessContext access, DateOnly today, bool busy, Func<ItemCommand, string, Task<bool>> run, Action<string, string?> show)
{
    public ItemDetailView Detail { get; } = detail;

    public RectificationItem Item => Detail.Item;

    public AccessContext Access { get; } = access;

    public IReadOnlySet<ItemAction> Actions { get; } = detail.Item.AvailableActions(access);

    /// <summary>The calendar day in the ledger's time zone when the page loaded.</summary>
    public DateOnly Today { get; } = today;

    /// <summary>A command is running: buttons stay disabled so a double click does not send it twice.</summary>
    public bool Busy { get; } = busy;

    public bool Can(ItemAction action) => Actions.Contains(action);

    /// <summary>Runs <paramref name="command"/> against the version shown; shows the outcome (text of <paramref name="successKey"/>
    /// on success) and reloads the item. True when it succeeded.</summary>
    public Task<bool> RunAsync(ItemCommand command, string successKey) => run(command, successKey);

    /// <summary>Shows a message above the item ("success", "warning", "danger") without running anything; null takes it away.</summary>
    public void Show(string kind, string? message) => show(kind, message);
}
