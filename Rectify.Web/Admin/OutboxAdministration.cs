using Microsoft.EntityFrameworkCore;
using Quartz;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Web.Admin;

/// <summary>邮件发送队列 for the administrator's page: the <see cref="Outbox"/> views and retry, administrators only (checked here).</summary>
public sealed class OutboxAdministration(Outbox outbox, AdminGuard guard)
{
    public async Task<CommandResult<IReadOnlyDictionary<OutboxState, int>>> CountByStateAsync(CancellationToken cancellationToken = default) =>
        await guard.RequireAsync(cancellationToken) is null
            ? AdminGuard.Forbidden()
            : CommandResult<IReadOnlyDictionary<OutboxState, int>>.Ok(await outbox.CountByStateAsync(cancellationToken));

    public async Task<CommandResult<IReadOnlyList<OutboxMessage>>> ListAsync(OutboxState state, CancellationToken cancellationToken = default) =>
        await guard.RequireAsync(cancellationToken) is null
            ? AdminGuard.Forbidden()
            : CommandResult<IReadOnlyList<OutboxMessage>>.Ok(await outbox.ListAsync(state, cancellationToken: cancellationToken));

    /// <summary>Ok when the Failed message was put back to Pending; Invalid when it is not Failed (or gone).</summary>
    public async Task<CommandResult> RetryFailedAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return AdminGuard.Forbidden();
        }

        return await outbox.RetryFailedAsync(id, cancellationToken)
            ? CommandResult.Ok()
            : CommandResult.Invalid(Localization.Text.Get("Jobs.Outbox.RetryRefused"));
    }
}
