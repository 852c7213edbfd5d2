namespace Rectify.Web.Operations;

/// <summary>
/// Outbox depth, age of the oldest due message and failures, for the metrics endpoint. Read from the database (every instance
/// sees the same outbox) and kept for a few seconds, so several scrapers or a fast scrape interval cost one small query.
/// </summary>
public sealed class OutboxGauges(IDbContextFactory<RectifyDbContext> contexts, TimeProvider time, ILogger<OutboxGauges> logger)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private OutboxFigures _last = new(0, 0, 0);
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public OutboxFigures Read()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _readAt < KeepFor)
            {
                return _last;
            }

            try
            {
                using var db = contexts.CreateDbContext();
                var due = db.Set<OutboxMessage>().Where(m => m.State == OutboxState.Pending || m.State == OutboxState.Sending);
                var count = due.Count();
                // Oldest by creation: a message retried for hours is as late as its first attempt says.
                var oldest = count == 0 ? (DateTimeOffset?)null : due.OrderBy(m => m.Id).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
                var failed = db.Set<OutboxMessage>().Count(m => m.State == OutboxState.Failed);
                _last = new OutboxFigures(count, oldest is null ? 0 : Math.Max(0, (now - oldest.Value).TotalSeconds), failed);
            }
#pragma warning disable CA1031 // A metrics scrape must not fail because the database is down; readiness reports that.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning(ex, "Outbox figures for the metrics endpoint could not be read.");
            }

            _readAt = now;
            return _last;
        }
    }
}
