using Quartz;

namespace Rectify.Web.Jobs;

/// <summary>Every few seconds: seals new audit entries into the hash chain (<see cref="AuditChain"/>).</summary>
[DisallowConcurrentExecution]
public sealed class AuditSealJob(AuditChain chain, ILogger<AuditSealJob> logger) : RectifyJob(logger)
{
    public static readonly JobKey Key = new("audit-seal", JobKeys.Group);

    protected override LogLevel RoutineLogLevel => LogLevel.Debug;

    protected override async Task ExecuteJobAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await chain.SealAsync(cancellationToken);
}
