using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Localization;
using Rectify.Web.Mail;

namespace Rectify.Web.Jobs;

/// <summary>
/// The periodic audit anchor (decision 0017): seals, writes the chain's head (entry id, hash, count, time) to the anchor
/// history and mails it to every active administrator through the outbox, so a copy lives where the database's owner cannot
/// reach it. One mail per administrator and head (key <c>audit-anchor:{userId}:{headId}</c>): a run with nothing new sends
/// nothing again.
/// </summary>
public sealed class AuditAnchorRun(
    IDbContextFactory<RectifyDbContext> contexts,
    AuditChain chain,
    AuditAnchors anchors,
    Outbox outbox,
    ILogger<AuditAnchorRun> logger)
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    /// <summary>The anchor written (null while the log is empty) and how many mails were enqueued.</summary>
    public async Task<(AuditAnchor? Anchor, int Mailed)> RunAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await chain.SealAsync(cancellationToken);
        if (await chain.HeadAsync(cancellationToken) is not { } head)
        {
            return (null, 0);
        }

        var anchor = head with { At = now, Source = AuditAnchors.HistorySource };
        if (anchors.ReadHistory() is not [.., var last] || last.HeadId != anchor.HeadId)
        {
            anchors.AppendHistory(anchor);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var adminIds = await ReminderData.UserIdsInRoleAsync(db, Roles.Admin, cancellationToken);
        var admins = await db.Users.AsNoTracking().Where(u => adminIds.Contains(u.Id)).OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var subject = Format("AuditAnchor.Mail.Subject", anchor.HeadId, anchor.Count);
        var mailed = 0;
        foreach (var admin in admins)
        {
            if (string.IsNullOrWhiteSpace(admin.Email))
            {
                logger.LogWarning("Audit anchor not mailed to administrator {User}: no e-mail address.", admin.Id);
                continue;
            }

            var (text, html) = Compose(anchor, admin.DisplayName);
            var key = string.Create(CultureInfo.InvariantCulture, $"audit-anchor:{admin.Id}:{anchor.HeadId}");
            if (await outbox.EnqueueAsync(db, OutboxMessage.Create(key, "AuditAnchor", admin.Id, admin.Email, admin.DisplayName, subject, text, html, now), cancellationToken))
            {
                mailed++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Audit anchor: entry {Id}, {Count} entries, hash {Hash}; mailed to {Mailed} administrators.", anchor.HeadId, anchor.Count, anchor.HeadHash, mailed);
        return (anchor, mailed);
    }

    private static (string Text, string Html) Compose(AuditAnchor anchor, string name)
    {
        var at = anchor.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var body = Format("AuditAnchor.Mail.Body", at, anchor.Count, anchor.HeadId, anchor.HeadHash);
        var check = Format("AuditAnchor.Mail.Check", anchor.Token);
        var text = $"{name}：\n\n{body}\n\n{check}\n\n{ReminderMailComposer.Signature}";
        var html = $"<p>{WebUtility.HtmlEncode(name)}：</p><p>{WebUtility.HtmlEncode(body)}</p><p>{WebUtility.HtmlEncode(check)}</p><p>{WebUtility.HtmlEncode(ReminderMailComposer.Signature)}</p>";
        return (text, html);
    }

    private static string Format(string key, params object[] args) => string.Format(Chinese, Text.Get(key, Chinese), args);
}
