using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Domain;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;
using Rectify.Web.Mail;

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
    IOptions<PublicUrlOptions> urls,
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
            var subject = LeaderSummaryBuilder.Subject(ReportingPeriod.Monthly, today);
            var (text, html) = Compose(summary, leader.DisplayName);
            var key = string.Create(CultureInfo.InvariantCulture, $"summary:{leader.Id}:{today:yyyy-MM}");
            if (await outbox.EnqueueAsync(db, OutboxMessage.Create(key, "LeaderSummary", leader.Id, leader.Email, leader.DisplayName, subject, text, html, now), cancellationToken))
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

    private (string Text, string Html) Compose(LeaderSummary summary, string name)
    {
        var text = new StringBuilder();
        var html = new StringBuilder();
        var head = string.Create(CultureInfo.InvariantCulture, $"截至{DateFormat.LongDate(summary.AsOf)}，共有整改事项{summary.Total}项，已销号{summary.Closed}项，销号率{summary.ClosingRateText}，逾期{summary.Overdue}项。");
        text.Append(name).Append("：\n\n").Append(head).Append("\n\n各单位情况：\n");
        html.Append("<p>").Append(WebUtility.HtmlEncode(name)).Append("：</p><p>").Append(WebUtility.HtmlEncode(head)).Append("</p>");
        html.Append("<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\"><tr><th>单位</th><th>事项数</th><th>已销号</th><th>销号率</th><th>逾期</th></tr>");
        foreach (var o in summary.Organizations)
        {
            text.Append(CultureInfo.InvariantCulture, $"{o.OrganizationName}：{o.Total}项，已销号{o.Closed}项，销号率{o.ClosingRateText}，逾期{o.Overdue}项\n");
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{WebUtility.HtmlEncode(o.OrganizationName)}</td><td>{o.Total}</td><td>{o.Closed}</td><td>{o.ClosingRateText}</td><td>{o.Overdue}</td></tr>");
        }

        html.Append("</table>");
        if (summary.OverdueItems.Count > 0)
        {
            text.Append("\n逾期事项：\n");
            html.Append("<p>逾期事项：</p><ul>");
            foreach (var l in summary.OverdueItems)
            {
                var url = urls.Value.ItemUrl(l.ItemId);
                text.Append(CultureInfo.InvariantCulture, $"{l.Number} {l.Title}（{l.OrganizationName}，整改时限{DateFormat.LongDate(l.Deadline)}，已逾期{l.DaysOverdue}天）{url}\n");
                html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{WebUtility.HtmlEncode(url)}\">{WebUtility.HtmlEncode(l.Number)}</a> {WebUtility.HtmlEncode(l.Title)}（{WebUtility.HtmlEncode(l.OrganizationName)}，整改时限{DateFormat.LongDate(l.Deadline)}，已逾期{l.DaysOverdue}天）</li>");
            }

            html.Append("</ul>");
        }

        text.Append('\n').Append(ReminderMailComposer.Signature);
        html.Append("<p>").Append(WebUtility.HtmlEncode(ReminderMailComposer.Signature)).Append("</p>");
        return (text.ToString(), html.ToString());
    }
}

/// <summary>Quartz job for <see cref="LeaderSummaryRun"/> (Jobs:LeaderSummary).</summary>
public sealed class LeaderSummaryJob(LeaderSummaryRun run, TimeProvider time, ILogger<LeaderSummaryJob> logger) : RectifyJob(logger)
{
    protected override async Task ExecuteJobAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(time.GetUtcNow(), cancellationToken);
}
