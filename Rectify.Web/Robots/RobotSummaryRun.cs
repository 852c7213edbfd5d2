using System.Text.RegularExpressions;
using Rectify.Domain.Reminders;
using Rectify.Web.Jobs;

namespace Rectify.Web.Robots;

/// <summary>
/// The morning run for group robots: for every organisation with an enabled robot, the summary of its items and those of the
/// organisations under it (<see cref="BranchSummaryBuilder"/>) goes into the outbox as ONE group-robot message under
/// <see cref="BranchSummary.IdempotencyKey"/> (organisation and day), all in one SaveChanges; a rerun or a restart the same
/// day finds the keys and adds nothing. An organisation with nothing to report gets no message.
/// </summary>
public sealed partial class RobotSummaryRun(
    IDbContextFactory<RectifyDbContext> contexts,
    OrganizationDirectory organizations,
    RobotMessageComposer composer,
    LedgerClock clock,
    IOptions<RobotOptions> options,
    ILogger<RobotSummaryRun> logger)
{
    public async Task<RunResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = clock.DayOf(now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var robots = await db.Set<GroupRobot>().AsNoTracking().Where(r => r.Enabled).Select(r => r.OrganizationId).ToListAsync(cancellationToken);
        if (robots.Count == 0)
        {
            return new RunResult(0, 0, 0);
        }

        var snapshot = await organizations.GetAsync(cancellationToken);
        var items = await ReminderData.LoadItemsAsync(db, includeFinished: false, cancellationToken);
        var keys = robots.Select(o => BranchSummary.IdempotencyKeyFor(o, today)).ToList();
        var existing = (await db.Set<OutboxMessage>().AsNoTracking().Where(m => keys.Contains(m.IdempotencyKey))
            .Select(m => m.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

        var summaries = robots
            .Where(snapshot.Tree.Contains)
            .Select(o => BranchSummaryBuilder.Build(o, snapshot.Tree.SelfAndDescendantsOf(o), items, today, now, options.Value.DueSoonDays))
            .ToList();
        var userIds = summaries.SelectMany(s => s.Overdue.Concat(s.DueSoon).Concat(s.AwaitingSignOff)).SelectMany(l => new[] { l.OwnerId, l.LeaderId }).Distinct().ToList();
        var people = (await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName, u.PhoneNumber, u.IsActive }).ToListAsync(cancellationToken))
            .ToDictionary(u => u.Id, u => new RobotMention(u.DisplayName, u.IsActive ? MobileOrNull(u.PhoneNumber) : null), StringComparer.Ordinal);

        int enqueued = 0, already = 0, empty = 0;
        foreach (var summary in summaries)
        {
            if (existing.Contains(summary.IdempotencyKey))
            {
                already++;
                continue;
            }

            if (summary.IsEmpty)
            {
                empty++;
                continue;
            }

            var name = snapshot.Names.GetValueOrDefault(summary.OrganizationId, "");
            var message = composer.Summary(summary, name, people);
            db.Set<OutboxMessage>().Add(OutboxMessage.CreateRobot(summary.IdempotencyKey, BranchSummary.Kind, summary.OrganizationId, name, message.Title, message.ToJson(), now));
            enqueued++;
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Group-robot summaries for {Today}: {Enqueued} enqueued, {Already} already enqueued, {Empty} with nothing to report.", today, enqueued, already, empty);
        return new RunResult(enqueued, already, empty);
    }

    /// <summary>A mainland mobile number (11 digits starting with 1, spaces, dashes and +86 allowed), normalised; else null.</summary>
    public static string? MobileOrNull(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return null;
        }

        var digits = NotDigit().Replace(phone, "");
        if (digits.StartsWith("86", StringComparison.Ordinal) && digits.Length == 13)
        {
            digits = digits[2..];
        }

        return Mobile().IsMatch(digits) ? digits : null;
    }

    [GeneratedRegex("[^0-9]")]
    private static partial Regex NotDigit();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();
}
