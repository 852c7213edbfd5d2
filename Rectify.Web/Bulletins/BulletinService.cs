using System.Text.Json;
using Rectify.Domain.Bulletins;
using Rectify.Web.Jobs;
using Rectify.Web.Overview;

namespace Rectify.Web.Bulletins;

/// <summary>
/// Issues the periodic 督查通报: takes the whole ledger's overview figures as of today (the same queries the overview page
/// runs), the overdue items, the items closed in the period and the recurrences, writes the .docx, stores both frozen, and mails every leader
/// and administrator a link — all in one transaction. Issuing a period that already has a bulletin returns that one.
/// </summary>
public sealed class BulletinService(
    IDbContextFactory<RectifyDbContext> contexts,
    OverviewQueries overview,
    OrganizationDirectory organizations,
    LedgerClock clock,
    Outbox outbox,
    IOptions<BulletinOptions> options,
    IOptions<PublicUrlOptions> urls,
    Robots.RobotMessageComposer robotMessages,
    TextCatalog texts,
    MailComposer mails)
{
    /// <summary>At most this many overdue and closed items are listed by name; the counts always cover all of them.</summary>
    public const int ListLimit = 200;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Who may issue one on demand: administrators and the top leader (党组书记).</summary>
    public static bool MayIssue(Actor actor) => actor.IsAdministrator || actor.IsTopLeader;

    /// <summary>Who may read issued bulletins: administrators and leaders (a 通报 is circulated to every leader).</summary>
    public static bool MayRead(Actor actor) => actor.IsAdministrator || actor.IsLeader;

    public async Task<IssueResult> IssueAsync(BulletinPeriod period, string? issuedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(period);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, period, cancellationToken) is { } existing)
        {
            return new IssueResult(existing, false);
        }

        var figures = await FiguresAsync(db, period, cancellationToken);
        // The 通报 is the organisation's document: it is written in Chinese whoever issues it.
        var culture = CultureInfo.GetCultureInfo("zh-CN");
        var text = texts.For(culture);
        var year = figures.AsOf.Year;
        var sequence = (await db.Set<Bulletin>().Where(b => b.Year == year).MaxAsync(b => (int?)b.Sequence, cancellationToken) ?? 0) + 1;
        string number = text["Bulletins.Doc.Number", options.Value.NumberPrefix, year, sequence];
        string title = text[$"Bulletins.Doc.Title.{period.Cadence}", period.Start.Year, period.Ordinal];
        var issuer = string.IsNullOrWhiteSpace(options.Value.IssuerName) ? await RootNameAsync(cancellationToken) : options.Value.IssuerName;
        var document = BulletinDocument.Write(texts, issuer, number, title, figures, culture);
        var bulletin = Bulletin.Issue(period, sequence, number, title, figures.AsOf, clock.Now, issuedBy, JsonSerializer.Serialize(figures, Json), document);

        db.Set<Bulletin>().Add(bulletin);
        await EnqueueMailAsync(db, bulletin, figures, cancellationToken);
        await EnqueueRobotNoticesAsync(db, bulletin, figures, culture, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance (or the job and a click) issued the same period first: theirs stands, and its mail went with it.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            if (await FindAsync(again, period, cancellationToken) is { } winner)
            {
                return new IssueResult(winner, false);
            }

            throw;
        }

        return new IssueResult(bulletin, true);
    }

    /// <summary>Every issued bulletin, newest first, without its document.</summary>
    public async Task<IReadOnlyList<BulletinSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Bulletin>().AsNoTracking()
            .OrderByDescending(b => b.IssuedAt)
            .Select(b => new BulletinSummary(b.Id, b.Number, b.Title, b.Cadence, b.PeriodStart, b.PeriodEnd, b.IssuedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<Bulletin?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<Bulletin>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
    }

    public static BulletinFigures FiguresOf(Bulletin bulletin) =>
        JsonSerializer.Deserialize<BulletinFigures>((bulletin ?? throw new ArgumentNullException(nameof(bulletin))).FiguresJson, Json)
        ?? throw new InvalidOperationException("A bulletin without figures.");

    private static Task<Bulletin?> FindAsync(RectifyDbContext db, BulletinPeriod period, CancellationToken cancellationToken) =>
        db.Set<Bulletin>().AsNoTracking().SingleOrDefaultAsync(b => b.Cadence == period.Cadence && b.PeriodStart == period.Start, cancellationToken);

    /// <summary>The figures as the overview shows them to an administrator today, plus the named lists.</summary>
    public async Task<BulletinFigures> FiguresAsync(RectifyDbContext db, BulletinPeriod period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(period);
        var snapshot = await organizations.GetAsync(cancellationToken);
        var wholeLedger = new AccessContext(
            new Actor(Actor.SystemUserId, Actor.SystemUserId, IsAdministrator: true, IsLeader: false, IsTopLeader: false, IsSecretary: false, null, new HashSet<int>()),
            snapshot.Tree);
        var totals = await overview.GetAsync(wholeLedger, cancellationToken);
        var today = totals.Today;

        var unfinished = db.Items.AsNoTracking().Where(ItemPredicates.Unfinished).Where(i => i.DueDate < today);
        var overdueRows = await unfinished
            .OrderBy(i => i.DueDate).ThenBy(i => i.Number)
            .Take(ListLimit)
            .Select(i => new { i.Number, i.Description, i.ResponsibleOrganizationId, i.OwnerId, i.LeaderId, i.DueDate, ClosedAt = (DateTimeOffset?)null })
            .ToListAsync(cancellationToken);
        var from = clock.StartOfDay(period.Start);
        var until = clock.StartOfDay(period.End.AddDays(1));
        var closedInPeriod = db.Items.AsNoTracking().Where(i => i.ClosedAt >= from && i.ClosedAt < until);
        var closedCount = await closedInPeriod.CountAsync(cancellationToken);
        var closedRows = await closedInPeriod
            .OrderBy(i => i.ClosedAt).ThenBy(i => i.Number)
            .Take(ListLimit)
            .Select(i => new { i.Number, i.Description, i.ResponsibleOrganizationId, i.OwnerId, i.LeaderId, i.DueDate, i.ClosedAt })
            .ToListAsync(cancellationToken);

        // 屡查屡犯: every item of the ledger (the totals' scope) marked as a recurrence, with the earlier item's number.
        var recurrent = db.Items.AsNoTracking().Where(i => i.RecurrenceOfItemId != null);
        var recurrenceCount = await recurrent.CountAsync(cancellationToken);
        var recurrenceRows = await (
                from i in recurrent
                join earlier in db.Items on i.RecurrenceOfItemId equals (Guid?)earlier.Id
                orderby i.Number
                select new { i.Number, i.Description, i.ResponsibleOrganizationId, EarlierNumber = earlier.Number })
            .Take(ListLimit)
            .ToListAsync(cancellationToken);

        var userIds = overdueRows.SelectMany(r => new[] { r.OwnerId, r.LeaderId }).Concat(closedRows.SelectMany(r => new[] { r.OwnerId, r.LeaderId })).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        string Org(int id) => snapshot.Names.GetValueOrDefault(id, "");
        string Person(string id) => names.GetValueOrDefault(id, "");

        return new BulletinFigures(
            today,
            period.Start,
            period.End,
            totals.Total,
            totals.Closed,
            totals.ClosingRate,
            totals.Unfinished,
            totals.Overdue,
            totals.DueSoon,
            closedCount,
            totals.Branches.Where(b => b.Total > 0).Select(b => new BulletinBranch(b.Rank, b.Name, b.Total, b.Closed, b.ClosingRate, b.Overdue, b.Light)).ToList(),
            overdueRows.Select(r => new BulletinItem(r.Number, r.Description, Org(r.ResponsibleOrganizationId), Person(r.OwnerId), Person(r.LeaderId), r.DueDate,
                r.DueDate is { } d ? today.DayNumber - d.DayNumber : null, null)).ToList(),
            closedRows.Select(r => new BulletinItem(r.Number, r.Description, Org(r.ResponsibleOrganizationId), Person(r.OwnerId), Person(r.LeaderId), r.DueDate,
                null, r.ClosedAt is { } at ? clock.DayOf(at) : null)).ToList(),
            recurrenceCount,
            recurrenceRows.Select(r => new BulletinRecurrence(r.Number, r.Description, Org(r.ResponsibleOrganizationId), r.EarlierNumber)).ToList());
    }

    private async Task<string> RootNameAsync(CancellationToken cancellationToken)
    {
        var snapshot = await organizations.GetAsync(cancellationToken);
        return snapshot.All.Where(o => o.ParentId is null).OrderBy(o => o.Id).Select(o => o.Name).FirstOrDefault() ?? "";
    }

    private async Task EnqueueMailAsync(RectifyDbContext db, Bulletin bulletin, BulletinFigures figures, CancellationToken cancellationToken)
    {
        var readers = await (from ur in db.UserRoles
                             join r in db.Roles on ur.RoleId equals r.Id
                             join u in db.Users on ur.UserId equals u.Id
                             where (r.Name == Roles.Leader || r.Name == Roles.Admin) && u.IsActive && u.Email != null && u.Email != ""
                             select new { u.Id, u.Email, u.DisplayName, u.Culture }).Distinct().ToListAsync(cancellationToken);
        foreach (var reader in readers.DistinctBy(r => r.Id))
        {
            var mail = await mails.BulletinAsync(new MailRecipient(reader.DisplayName, reader.Culture), bulletin, figures);
            outbox.EnqueueKnownNew(db, OutboxMessage.Create(
                $"Bulletin:{bulletin.Id:N}:{reader.Id}", "Bulletin", reader.Id, reader.Email!, reader.DisplayName, mail.Subject, mail.Text, mail.Html, bulletin.IssuedAt));
        }
    }

    /// <summary>
    /// A short notice with the headline paragraph and the link, to every enabled group robot that takes bulletins, one per
    /// bulletin and organisation (key RobotBulletin:{bulletin}:{organisation}), in the same transaction as the bulletin.
    /// </summary>
    private async Task EnqueueRobotNoticesAsync(RectifyDbContext db, Bulletin bulletin, BulletinFigures figures, CultureInfo culture, CancellationToken cancellationToken)
    {
        var robots = await db.Set<Robots.GroupRobot>().AsNoTracking().Where(r => r.Enabled && r.PostBulletins).Select(r => r.OrganizationId).ToListAsync(cancellationToken);
        if (robots.Count == 0)
        {
            return;
        }

        var snapshot = await organizations.GetAsync(cancellationToken);
        var url = $"{urls.Value.PublicBaseUrl.TrimEnd('/')}/bulletins/{bulletin.Id}.docx";
        var message = robotMessages.Bulletin(bulletin.Title, bulletin.Number, BulletinDocument.Summary(texts.For(culture), figures, culture), url, culture);
        foreach (var organizationId in robots)
        {
            outbox.EnqueueKnownNew(db, OutboxMessage.CreateRobot(
                $"RobotBulletin:{bulletin.Id:N}:{organizationId}", "RobotBulletin", organizationId, snapshot.Names.GetValueOrDefault(organizationId, ""),
                message.Title, message.ToJson(), bulletin.IssuedAt));
        }
    }
}
