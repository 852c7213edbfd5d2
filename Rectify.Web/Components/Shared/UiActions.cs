using Microsoft.Data.Sqlite;

namespace Rectify.Web.Components.Shared;

/// <summary>
/// How a component runs what a button does: an unexpected failure (the database locked past its timeout, a slow disk, a
/// bug) becomes a failed <see cref="CommandResult"/> with "操作未完成，请重试。" and a logged error, instead of an exception
/// that ends the user's circuit. The component keeps its fields, so what the user typed is still there, and the same click
/// can simply be repeated. Expected refusals stay what the command returns.
/// </summary>
/// <remarks>Use in every event handler that calls a service: <c>var result = await Ui.RunAsync(() => Service.DoAsync(...));</c>.</remarks>
public sealed class UiActions(ILogger<UiActions> logger, IStringLocalizer<Text> text)
{
    public async Task<CommandResult> RunAsync(Func<Task<CommandResult>> action, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
#pragma warning disable CA1031 // The point: whatever the handler throws is logged and turned into a message, not a dead page.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(ex, what ?? action.Method.Name);
        }
    }

    public async Task<CommandResult<T>> RunAsync<T>(Func<Task<CommandResult<T>>> action, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
#pragma warning disable CA1031 // As above.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Failed(ex, what ?? action.Method.Name);
        }
    }

    /// <summary>For handlers that return nothing: Ok, or the failure with its message.</summary>
    public Task<CommandResult> RunAsync(Func<Task> action, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunAsync(async () =>
        {
            await action();
            return CommandResult.Ok();
        }, what ?? action.Method.Name);
    }

    /// <summary>
    /// For handlers with their own result shape: the action's value, or <paramref name="failed"/> made from the message when it
    /// threw (logged).
    /// </summary>
    public async Task<T> GuardAsync<T>(Func<Task<T>> action, Func<string, T> failed, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(failed);
        try
        {
            return await action();
        }
#pragma warning disable CA1031 // As above.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return failed(Failed(ex, what ?? action.Method.Name).Message!);
        }
    }

    /// <summary>The message for an unexpected failure: the database busy gets its own wording (it passes by itself).</summary>
    public string MessageFor(Exception exception) =>
        text[IsBusy(exception) ? "Common.ActionFailed.Busy" : "Common.ActionFailed"];

    private CommandResult Failed(Exception exception, string what)
    {
        logger.LogError(exception, "Action {Action} failed; the user was asked to try again.", what);
        return new CommandResult(CommandStatus.Invalid, MessageFor(exception));
    }

    private static bool IsBusy(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            // SQLITE_BUSY (5) and SQLITE_LOCKED (6): another writer held the database longer than the busy timeout.
            if (exception is SqliteException { SqliteErrorCode: 5 or 6 } || exception is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
