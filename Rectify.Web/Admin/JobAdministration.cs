using Quartz;
using Rectify.Web.Jobs;

namespace Rectify.Web.Admin;

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
