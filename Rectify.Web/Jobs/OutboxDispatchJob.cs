using Quartz;
using Rectify.Web.Mail;

namespace Rectify.Web.Jobs;

/// <summary>Every Jobs:DispatchOutboxSeconds: sends the outbox's due mail (see <see cref="OutboxDispatcher"/>).</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, ILogger<OutboxDispatchJob> logger) : RectifyJob(logger)
{
    protected override LogLevel RoutineLogLevel => LogLevel.Debug;

    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.DispatchDueAsync(cancellationToken);
}
