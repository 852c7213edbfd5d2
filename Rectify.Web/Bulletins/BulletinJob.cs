using Quartz;
using Rectify.Domain.Bulletins;
using Rectify.Web.Jobs;

namespace Rectify.Web.Bulletins;

/// <summary>
/// Jobs:Bulletin (default 09:00 on the 1st of each month): issues the 督查通报 of the period that just ended, at the cadence of
/// Bulletins:Cadence. A quarterly bulletin is issued by the first run of a quarter; the other monthly runs find it issued.
/// A rerun for the same period issues nothing.
/// </summary>
public sealed class BulletinJob(BulletinService bulletins, LedgerClock clock, IOptions<BulletinOptions> options, ILogger<BulletinJob> logger) : RectifyJob(logger)
{
    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var period = BulletinPeriod.LastCompleted(options.Value.Cadence, clock.Today);
        var result = await bulletins.IssueAsync(period, issuedBy: null, cancellationToken);
        logger.LogInformation(result.Issued ? "Bulletin {Number} issued for {Start}–{End}." : "Bulletin {Number} for {Start}–{End} was already issued.",
            result.Bulletin.Number, period.Start, period.End);
    }
}
