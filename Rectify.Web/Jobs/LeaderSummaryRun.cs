using Rectify.Domain.Reminders;

namespace Rectify.Web.Jobs;

/// <summary>
/// The monthly 整改通报: for each active leader who has not opted out, the items they may read summarised by
/// <see cref="LeaderSummaryBuilder"/>, one mail per leader and month (key <c>summary:{leaderId}:{yyyy-MM}</c>).
/// </summary>
public sealed class LeaderSummaryRun(
    IDbContextFactory<RectifyDbContext> contexts,
    OrganizationDirectory organizations,
    Outbox outbox,
    LedgerClock clock,
    MailComposer mails,
    ILogger<LeaderSummaryRun> logger)
{
    public async Task<RunResult> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var today = clock.DayOf(now);
        var snapshot = await organizations.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var leaderIds = await ReminderData.UserIdsInRoleAsync(db, Roles.Leader, cancellationToken);
        var leaders = await db.Users.AsNoTracking().Where(u => leaderIds.Contains(u.Id)).ToListAsync(cancellationToken);
        var assignments = (await db.LeaderAssignments.AsNoTracking().Where(a => leaderIds.Contains(a.UserId)).ToListAsync(cancellationToken))
            .ToLookup(a => a.UserId, a => a.OrganizationId);
        var items = await ReminderData.LoadItemsAsync(db, includeFinished: true, cancellationToken);

        int enqueued = 0, already = 0, skipped = 0;
        foreach (var leader in leaders.OrderBy(l => l.Id, StringComparer.Ordinal))
        {
            if (!leader.ReceiveSummaryMail)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(leader.Email))
            {
                logger.LogWarning("Summary not sent to leader {User}: no e-mail address.", leader.Id);
                skipped++;
                continue;
            }

            var actor = new Actor(leader.Id, leader.DisplayName, false, true, leader.IsTopLeader, false, leader.OrganizationId, assignments[leader.Id].ToHashSet());
            var scope = ItemAccess.ReadScope(actor, snapshot.Tree);
            var mine = items.Where(i => scope.All || scope.OrganizationIds.Contains(i.ResponsibleOrganizationId) || i.OwnerId == leader.Id || i.LeaderId == leader.Id).ToList();
            var names = snapshot.Names
                .Where(n => scope.All || scope.OrganizationIds.Contains(n.Key))
                .ToDictionary(n => n.Key, n => n.Value);
            var summary = LeaderSummaryBuilder.Build(mine, today, names);
            var mail = await mails.LeaderSummaryAsync(new MailRecipient(leader.DisplayName, leader.Culture), summary);
            var key = string.Create(CultureInfo.InvariantCulture, $"summary:{leader.Id}:{today:yyyy-MM}");
            if (await outbox.EnqueueAsync(db, OutboxMessage.Create(key, "LeaderSummary", leader.Id, leader.Email, leader.DisplayName, mail.Subject, mail.Text, mail.Html, now), cancellationToken))
            {
                enqueued++;
            }
            else
            {
                already++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RunResult(enqueued, already, skipped);
    }
}
