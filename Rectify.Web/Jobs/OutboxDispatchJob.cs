using Quartz;
using Rectify.Web.Robots;

namespace Rectify.Web.Jobs;

/// <summary>
/// Every Jobs:DispatchOutboxSeconds: sends the outbox's due mail (see <see cref="OutboxDispatcher"/>), then its due group-robot
/// messages (<see cref="RobotDispatcher"/>). A host without group robots (AddRectifyRobots not called: mail-only tools and
/// test hosts) sends mail only.
/// </summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, ILogger<OutboxDispatchJob> logger, RobotDispatcher? robots = null) : RectifyJob(logger)
{
    protected override LogLevel RoutineLogLevel => LogLevel.Debug;

    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await dispatcher.DispatchDueAsync(cancellationToken);
        if (robots is not null)
        {
            await robots.DispatchDueAsync(cancellationToken);
        }
    }
}
