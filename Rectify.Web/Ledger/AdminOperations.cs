using Microsoft.Extensions.Localization;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Localization;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;

namespace Rectify.Web.Ledger;

/// <summary>
/// 任务管理 for the administrator's page: <see cref="JobControl"/> (a singleton the scheduler code also uses) behind the
/// server-side administrator check of the circuit's user, so the page's 立即运行 button is not the only protection.
/// </summary>
public sealed class JobAdministration(JobControl control, AdminGuard guard)
{
    public bool Enabled => control.Enabled;

    public async Task<CommandResult<IReadOnlyList<JobInfo>>> ListAsync(CancellationToken cancellationToken = default) =>
        await guard.RequireAsync(cancellationToken) is null
            ? guard.Forbidden()
            : CommandResult<IReadOnlyList<JobInfo>>.Ok(await control.ListAsync(cancellationToken));

    public async Task<CommandResult> TriggerNowAsync(JobKey key, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await control.TriggerNowAsync(key, cancellationToken);
        return CommandResult.Ok();
    }
}

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

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Page, int Pages);

/// <summary>操作记录 for the administrator's page: reading the log and verifying its chain, administrators only (checked here).</summary>
public sealed class AuditAdministration(IDbContextFactory<RectifyDbContext> dbFactory, AuditChain chain, AdminGuard guard)
{
    public async Task<CommandResult<AuditPage>> PageAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.AuditEntries.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return CommandResult<AuditPage>.Ok(new AuditPage(entries, page, pages));
    }

    /// <summary>Seals what is unsealed, then verifies the whole chain.</summary>
    public async Task<CommandResult<AuditVerification>> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await chain.SealAsync(cancellationToken);
        return CommandResult<AuditVerification>.Ok(await chain.VerifyAsync(cancellationToken: cancellationToken));
    }
}
