using Rectify.Web.Jobs;

namespace Rectify.Web.Admin;

/// <summary>邮件发送队列 for the administrator's page: the <see cref="Outbox"/> views and retry, administrators only (checked here).</summary>
public sealed class OutboxAdministration(Outbox outbox, AdminGuard guard, IStringLocalizer<Text> text)
{
    public async Task<CommandResult<IReadOnlyDictionary<OutboxState, int>>> CountByStateAsync(CancellationToken cancellationToken = default) =>
        await guard.RequireAsync(cancellationToken) is null
            ? guard.Forbidden()
            : CommandResult<IReadOnlyDictionary<OutboxState, int>>.Ok(await outbox.CountByStateAsync(cancellationToken));

    public async Task<CommandResult<IReadOnlyList<OutboxMessage>>> ListAsync(OutboxState state, CancellationToken cancellationToken = default) =>
        await guard.RequireAsync(cancellationToken) is null
            ? guard.Forbidden()
            : CommandResult<IReadOnlyList<OutboxMessage>>.Ok(await outbox.ListAsync(state, cancellationToken: cancellationToken));

    /// <summary>Ok when the Failed message was put back to Pending; Invalid when it is not Failed (or gone).</summary>
    public async Task<CommandResult> RetryFailedAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        return await outbox.RetryFailedAsync(id, cancellationToken)
            ? CommandResult.Ok()
            : text.Invalid("Jobs.Outbox.RetryRefused");
    }
}
