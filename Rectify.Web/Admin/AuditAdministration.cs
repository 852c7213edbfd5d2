using Rectify.Web.Jobs;

namespace Rectify.Web.Admin;

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
