namespace Rectify.Web.Robots;

/// <summary>
/// Sends the outbox's due group-robot messages (<see cref="OutboxChannel.GroupRobot"/>) with the outbox's guarantees: each
/// message is claimed (Pending → Sending with a lease, one conditional UPDATE, committed) before it is posted, marked Sent as
/// soon as the platform accepted it, retried after 1, 2, 4 … minutes on an error, Failed with the platform's code after
/// GroupRobots:MaxAttempts or at once when the platform refuses for good (bad key, signature mismatch). An administrator sees
/// and retries Failed messages on the outbox page, like mail.
/// </summary>
/// <remarks>
/// <para><b>Rate limit.</b> Before posting, the messages Sent to the same robot in the last minute are counted in the database
/// (so every instance and every restart sees them); at GroupRobots:MessagesPerMinute the message goes back to Pending, due
/// when the oldest of them leaves the window, without counting an attempt. A platform's own rate-limit answer (企业微信 45009,
/// 钉钉 130101, 飞书 11232, HTTP 429) counts as an attempt and waits at least the platform's window.</para>
/// <para><b>Exactly once.</b> As for mail: a crash between the platform accepting a message and the Sent commit leaves it
/// Sending; after its lease a later run counts the interrupted attempt and posts it again, so a crash can duplicate that one
/// message (the platforms have no message id to deduplicate by). Messages are claimed one at a time (a run sends a handful),
/// so nothing else is at stake.</para>
/// </remarks>
public sealed class RobotDispatcher(
    IDbContextFactory<RectifyDbContext> contexts,
    RobotSender sender,
    IOptions<RobotOptions> options,
    TimeProvider time,
    ILogger<RobotDispatcher> logger)
{
    private const int BatchSize = 50;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly RobotOptions _options = options.Value;

    public async Task<RobotDispatchResult> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        var recovered = await RecoverOrphansAsync(cancellationToken);
        int sent = 0, failed = 0, gaveUp = 0, throttled = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var due = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Channel == OutboxChannel.GroupRobot && m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            now = time.GetUtcNow();
            DateTimeOffset? lease = now.AddMinutes(_options.SendingLeaseMinutes);
            var claimed = await db.Set<OutboxMessage>()
                .Where(m => m.Id == id && m.State == OutboxState.Pending && m.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sending).SetProperty(m => m.NextAttemptAt, lease), cancellationToken);
            if (claimed == 0)
            {
                continue; // another run took it
            }

            var message = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
            var robot = await RobotOfAsync(db, message.ToAddress, cancellationToken);
            if (robot is null || !robot.Enabled)
            {
                gaveUp += await RecordAsync(db, id, new RobotAnswer(RobotOutcome.Refused, "settings", robot is null
                    ? "No group robot is configured for this organisation any more."
                    : "The organisation's group robot is switched off."), null, cancellationToken) ? 1 : 0;
                failed++;
                continue;
            }

            if (await WindowFullUntilAsync(db, message.ToAddress, now, cancellationToken) is { } freeAt)
            {
                DateTimeOffset? next = freeAt;
                await db.Set<OutboxMessage>().Where(m => m.Id == id && m.State == OutboxState.Sending)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Pending).SetProperty(m => m.NextAttemptAt, next), CancellationToken.None);
                throttled++;
                continue;
            }

            RobotMessage content;
            try
            {
                content = RobotMessage.FromJson(message.TextBody);
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
            {
                gaveUp += await RecordAsync(db, id, new RobotAnswer(RobotOutcome.Refused, "message", ex.Message), robot.Platform, cancellationToken) ? 1 : 0;
                failed++;
                continue;
            }

            var answer = await sender.SendAsync(robot, content, cancellationToken);
            if (answer.Outcome == RobotOutcome.Accepted)
            {
                DateTimeOffset? sentAt = time.GetUtcNow();
                await db.Set<OutboxMessage>().Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Sent)
                    .SetProperty(m => m.SentAt, sentAt)
                    .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), CancellationToken.None);
                sent++;
                continue;
            }

            failed++;
            gaveUp += await RecordAsync(db, id, answer, robot.Platform, cancellationToken) ? 1 : 0;
        }

        if (sent + failed + throttled > 0)
        {
            logger.LogInformation("Group robots: {Sent} sent, {Failed} failed attempts ({GaveUp} given up), {Throttled} held back by the rate limit, {Recovered} recovered.",
                sent, failed, gaveUp, throttled, recovered);
        }

        return new RobotDispatchResult(sent, failed, gaveUp, throttled, recovered);
    }

    /// <summary>The robot behind <c>robot:{organisationId}</c>.</summary>
    private static async Task<GroupRobot?> RobotOfAsync(RectifyDbContext db, string address, CancellationToken cancellationToken)
    {
        if (!address.StartsWith("robot:", StringComparison.Ordinal)
            || !int.TryParse(address.AsSpan("robot:".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var organizationId))
        {
            return null;
        }

        return await db.Set<GroupRobot>().AsNoTracking().SingleOrDefaultAsync(r => r.OrganizationId == organizationId, cancellationToken);
    }

    /// <summary>When the robot's one-minute window has room again, or null when it has room now.</summary>
    private async Task<DateTimeOffset?> WindowFullUntilAsync(RectifyDbContext db, string address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        DateTimeOffset? since = now - Window;
        var recent = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.Channel == OutboxChannel.GroupRobot && m.ToAddress == address && m.State == OutboxState.Sent && m.SentAt > since)
            .Select(m => m.SentAt)
            .ToListAsync(cancellationToken);
        if (recent.Count < _options.MessagesPerMinute)
        {
            return null;
        }

        // The window frees up when enough of the recent messages have aged out of it.
        var ordered = recent.OfType<DateTimeOffset>().Order().ToList();
        return ordered[recent.Count - _options.MessagesPerMinute] + Window;
    }

    /// <summary>Counts the failed attempt; true when the message is now Failed.</summary>
    private async Task<bool> RecordAsync(RectifyDbContext db, long id, RobotAnswer answer, RobotPlatform? platform, CancellationToken cancellationToken)
    {
        var message = await db.Set<OutboxMessage>().SingleAsync(m => m.Id == id, cancellationToken);
        var now = time.GetUtcNow();
        var meaning = answer.Outcome switch
        {
            RobotOutcome.Refused => "refused for good (key, signature or robot settings): not retried",
            RobotOutcome.RateLimited => "rate limited by the platform: retried after its window",
            _ => "retried later",
        };
        var error = platform is { } p ? answer.Describe(p, meaning) : $"{answer.Code}: {answer.Detail} ({meaning})";
        message.RecordFailure(error, now, _options.MaxAttempts, answer.Outcome == RobotOutcome.Refused, now + (answer.RetryAfter ?? TimeSpan.Zero));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        if (message.State == OutboxState.Failed)
        {
            logger.LogError("Group-robot message {Id} ({Kind}) to {To} failed for good after {Attempts} attempts: {Error}", message.Id, message.Kind, message.ToAddress, message.Attempts, error);
            return true;
        }

        logger.LogWarning("Group-robot message {Id} to {To}: attempt {Attempts} failed ({Error}); next attempt at {Next:u}.", message.Id, message.ToAddress, message.Attempts, error, message.NextAttemptAt);
        return false;
    }

    private async Task<int> RecoverOrphansAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orphans = await db.Set<OutboxMessage>()
            .Where(m => m.Channel == OutboxChannel.GroupRobot && m.State == OutboxState.Sending && m.NextAttemptAt <= now)
            .ToListAsync(cancellationToken);
        foreach (var message in orphans)
        {
            message.RecoverOrphan(now, _options.MaxAttempts,
                "Interrupted: the app stopped after claiming it for posting; posted again. If the platform had already accepted it, the group sees it twice.");
        }

        if (orphans.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return orphans.Count;
    }
}
