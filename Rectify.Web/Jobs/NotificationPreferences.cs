namespace Rectify.Web.Jobs;

/// <summary>Reads and changes the signed-in user's own mail preferences (audited as EntityType "User").</summary>
public sealed class NotificationPreferences(IDbContextFactory<RectifyDbContext> contexts, TimeProvider time)
{
    public async Task<MailPreferences?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new MailPreferences(u.ReceiveDueSoonMail, u.ReceiveSummaryMail)).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<bool> SaveAsync(string userId, MailPreferences preferences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return false;
        }

        var before = new MailPreferences(user.ReceiveDueSoonMail, user.ReceiveSummaryMail);
        if (before == preferences)
        {
            return true;
        }

        user.ReceiveDueSoonMail = preferences.ReceiveDueSoonMail;
        user.ReceiveSummaryMail = preferences.ReceiveSummaryMail;
        db.AuditEntries.Add(new AuditEntry
        {
            EntityType = "User",
            EntityId = user.Id,
            Action = "user.mail_preferences",
            ActorId = user.Id,
            ActorName = user.DisplayName,
            At = time.GetUtcNow(),
            Before = Json(before),
            After = Json(preferences),
        });
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Json(MailPreferences p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"receiveDueSoonMail\":{(p.ReceiveDueSoonMail ? "true" : "false")},\"receiveSummaryMail\":{(p.ReceiveSummaryMail ? "true" : "false")}}}");
}
