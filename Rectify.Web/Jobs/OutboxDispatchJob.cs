using Quartz;
using Rectify.Web.Mail;
using Rectify.Web.Robots;

namespace Rectify.Web.Jobs;

/// <summary>
/// Every Jobs:DispatchOutboxSeconds: sends the outbox's due mail (see <see cref="OutboxDispatcher"/>), then its due group-robot
/// messages (<see cref="RobotDispatcher"/>).
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, RobotDispatcher robots, ILogger<OutboxDispatchJob> logger) : RectifyJob(logger)
{
    protected override LogLevel RoutineLogLevel => LogLevel.Debug;

    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await dispatcher.DispatchDueAsync(cancellationToken);
        await robots.DispatchDueAsync(cancellationToken);
    }
}
