using System.Diagnostics.Metrics;

namespace Rectify.Web.Operations;

/// <summary>
/// The app's own instruments, in the meter "Rectify" that OpenTelemetry exports to Prometheus at /metrics
/// (docs/operations.md, "Metrics"). Request durations per page come from ASP.NET Core's own meter (http.server.request.duration,
/// tagged with the page's route); what only Rectify knows is counted here.
/// </summary>
public static class RectifyMetrics
{
    public const string MeterName = "Rectify";

    private static readonly Meter Meter = new(MeterName);

    private static long _circuitsOpen;

    /// <summary>
    /// Interactive pages (Blazor circuits) open on this instance, observed when metrics are collected: the series is there (0)
    /// from the start, not only after the first circuit, so a graph or an alert never finds it missing.
    /// </summary>
    internal static ObservableUpDownCounter<long> CircuitsOpen { get; } =
        Meter.CreateObservableUpDownCounter("rectify.circuits.open", () => Interlocked.Read(ref _circuitsOpen), unit: "{circuit}",
            description: "Blazor circuits open on this instance.");

    /// <summary>Job runs by job name and outcome (succeeded, failed, cancelled).</summary>
    public static readonly Counter<long> JobRuns =
        Meter.CreateCounter<long>("rectify.job.runs", unit: "{run}", description: "Scheduled job runs by job and outcome.");

    /// <summary>How long each job run took (reminders, outbox dispatch, closing, backups …), by job name and outcome.</summary>
    public static readonly Histogram<double> JobDuration =
        Meter.CreateHistogram<double>("rectify.job.duration", unit: "s", description: "Duration of scheduled job runs.");

    /// <summary>
    /// How long the mail transport took to accept or refuse each message the outbox dispatcher handed it, by outcome
    /// (accepted, refused). The dispatch job's own duration (<see cref="JobDuration"/>) also counts runs with nothing to send.
    /// </summary>
    public static readonly Histogram<double> MailSendDuration =
        Meter.CreateHistogram<double>("rectify.outbox.send.duration", unit: "s", description: "Time the mail transport took per outbox message, by outcome.");

    internal static void CircuitOpened() => Interlocked.Increment(ref _circuitsOpen);

    internal static void CircuitClosed() => Interlocked.Decrement(ref _circuitsOpen);

    /// <summary>Registers the readiness gauge (rectify.health.check.status), read from the last background run of the checks.</summary>
    internal static void ObserveReadiness(ReadinessMetrics readiness) =>
        Meter.CreateObservableGauge("rectify.health.check.status", readiness.Read,
            description: "Readiness checks of /health/ready by check: 1 healthy, 0.5 degraded, 0 unhealthy (run every 30 s).");

    /// <summary>Registers the outbox gauges, read from the database when metrics are collected (at most every few seconds).</summary>
    internal static void ObserveOutbox(OutboxGauges gauges)
    {
        Meter.CreateObservableGauge("rectify.outbox.depth", () => gauges.Read().Due, unit: "{message}",
            description: "Mail messages due to be sent (pending or claimed) in the outbox.");
        Meter.CreateObservableGauge("rectify.outbox.oldest_due_age", () => gauges.Read().OldestDueAgeSeconds, unit: "s",
            description: "Age of the oldest message still waiting to be sent; grows when mail does not go out.");
        Meter.CreateObservableGauge("rectify.outbox.failed", () => gauges.Read().Failed, unit: "{message}",
            description: "Mail messages the outbox gave up on (an administrator can retry them on the outbox page).");
    }
}
