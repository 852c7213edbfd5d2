using Rectify.Domain.Ledger;

namespace Rectify.Domain.Reminders;

/// <summary>
/// Decides which reminder mails one run of the scheduled job sends: a pure function of the items, the day, the instant,
/// the settings and the audience. The job writes one outbox message per returned digest under its
/// <see cref="ReminderDigest.IdempotencyKey"/>, so running it twice on the same day sends nothing twice.
/// </summary>
/// <remarks>
/// <para><b>Which day is today.</b> The job must compute <c>today</c> with
/// <c>Clock.Today(time, TimeZoneInfo.FindSystemTimeZoneById(Clock.DefaultTimeZone))</c> and <c>now</c> with
/// <c>time.GetUtcNow()</c> from the same <see cref="TimeProvider"/> — or call the overload that takes the
/// <see cref="TimeProvider"/> and does exactly that. An item due 2026-11-21 is therefore not overdue at 23:59 in Shanghai
/// (15:59 UTC) and is 1 day overdue from 2026-11-22 00:00 in Shanghai (2026-11-21 16:00 UTC), whatever the server's zone.</para>
/// <para><b>Rules</b> (weekends and holidays are ordinary days):</para>
/// <list type="bullet">
/// <item>Closed (已销号) and SignedOff (已审核) items get nothing.</item>
/// <item>AwaitingSignOff (待销号) items get no owner reminders and no leader escalation (the leader already has the request
/// in <see cref="DigestKind.LeaderDecisions"/>), but still reach the administrators when overdue long enough: the item is not
/// closed and someone has to notice a request nobody decides.</item>
/// <item>Owner, 立行立改/限期整改: <see cref="ReminderReason.DueSoon"/> on exactly the configured days before the deadline;
/// <see cref="ReminderReason.DueToday"/> on the deadline day (which is not overdue); <see cref="ReminderReason.Overdue"/> on
/// the overdue cadence (<see cref="ReminderCadence.IsReminderDay"/>).</item>
/// <item>Owner, 长期坚持: the report is due on (LastProgressDate ?? CreatedOn) + one period;
/// <see cref="ReminderReason.LongTermReportMissing"/> from the day after, on the overdue cadence. A 长期坚持 item without a
/// period gets no reminder. Long-term items are never escalated: they have no deadline to be overdue against.</item>
/// <item>Due-soon and due-today lines are optional mail: they are dropped for owners in
/// <see cref="ReminderAudience.OptedOutOfDueSoon"/>; overdue and long-term lines are always kept; an empty digest is not sent.</item>
/// <item>Leader / administrators: <see cref="ReminderReason.EscalatedOverdue"/> on the threshold day, then on the cadence
/// (<see cref="ReminderCadence.IsEscalationDay"/>). The leader keeps getting them after the administrators are involved.</item>
/// <item>Leader decisions: a sign-off request (status AwaitingSignOff) or a pending extension request waiting strictly
/// longer than <see cref="ReminderSettings.WaitingForDecisionAfter"/>, every run until decided.</item>
/// <item>One digest per recipient and kind; lines most urgent first (most days late, then fewest days left, then longest
/// waiting), then by number (<see cref="ItemNumberComparer"/>). Digests are ordered by kind, then recipient id.</item>
/// </list>
/// </remarks>
public static class ReminderPolicy
{
    /// <summary>Decides the digests for a run at the instant given by <paramref name="time"/>, with "today" taken in <paramref name="zone"/>.</summary>
    public static IReadOnlyList<ReminderDigest> Decide(
        IEnumerable<ReminderItem> items,
        TimeProvider time,
        TimeZoneInfo zone,
        ReminderSettings settings,
        ReminderAudience audience)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(zone);
        var now = time.GetUtcNow();
        return Decide(items, Clock.Today(new FixedInstant(now), zone), now, settings, audience);
    }

    /// <summary>Decides the digests for a run on <paramref name="today"/> (the organisation's calendar day) at <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentException">The settings are invalid (see <see cref="ReminderSettings.Validate"/>).</exception>
    public static IReadOnlyList<ReminderDigest> Decide(
        IEnumerable<ReminderItem> items,
        DateOnly today,
        DateTimeOffset now,
        ReminderSettings settings,
        ReminderAudience audience) =>
        Decide(items, today, now, settings, audience, orderLines: true);

    /// <param name="orderLines">False: each digest's lines in no particular order (<see cref="DecidePersonal"/> orders only what it lists).</param>
    private static IReadOnlyList<ReminderDigest> Decide(
        IEnumerable<ReminderItem> items,
        DateOnly today,
        DateTimeOffset now,
        ReminderSettings settings,
        ReminderAudience audience,
        bool orderLines)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(audience);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(settings));
        }

        var administrators = audience.AdministratorIds
            .Where(id => !string.IsNullOrWhiteSpace(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var dueSoonDays = settings.DueSoonDays.ToHashSet();
        var collected = new Dictionary<(DigestKind Kind, string Recipient), List<ReminderLine>>();

        void Add(DigestKind kind, string recipient, ReminderItem item, ReminderReason reason, DateOnly? deadline, int? days)
        {
            if (string.IsNullOrWhiteSpace(recipient))
            {
                return;
            }

            if (!collected.TryGetValue((kind, recipient), out var lines))
            {
                lines = [];
                collected.Add((kind, recipient), lines);
            }

            lines.Add(new ReminderLine(item.ItemId, item.Number, item.Title, reason, deadline, days));
        }

        foreach (var item in items)
        {
            if (item.Status is ItemStatus.Closed or ItemStatus.SignedOff)
            {
                continue;
            }

            // Decisions waiting for the leader.
            if (item.Status == ItemStatus.AwaitingSignOff
                && item.SignOffRequestedAt is { } signOffAt
                && now - signOffAt > settings.WaitingForDecisionAfter)
            {
                Add(DigestKind.LeaderDecisions, item.LeaderId, item, ReminderReason.AwaitingYourSignOff, item.Deadline, WholeDays(now - signOffAt));
            }

            if (item.PendingExtensionRequestedAt is { } extensionAt && now - extensionAt > settings.WaitingForDecisionAfter)
            {
                Add(DigestKind.LeaderDecisions, item.LeaderId, item, ReminderReason.AwaitingYourExtensionDecision, item.Deadline, WholeDays(now - extensionAt));
            }

            var ownerHasTheBall = item.Status != ItemStatus.AwaitingSignOff;

            if (item.DeadlineType == DeadlineType.LongTerm)
            {
                if (ownerHasTheBall && item.Period is { } period)
                {
                    var reportDue = NextReportDue(item.LastProgressDate ?? item.CreatedOn, period);
                    var daysLate = today.DayNumber - reportDue.DayNumber;
                    if (ReminderCadence.IsReminderDay(daysLate, settings))
                    {
                        Add(DigestKind.OwnerDeadlines, item.OwnerId, item, ReminderReason.LongTermReportMissing, reportDue, daysLate);
                    }
                }

                continue;
            }

            if (item.Deadline is not { } deadline)
            {
                continue;
            }

            var daysOverdue = today.DayNumber - deadline.DayNumber;

            if (ownerHasTheBall)
            {
                if (daysOverdue > 0)
                {
                    if (ReminderCadence.IsReminderDay(daysOverdue, settings))
                    {
                        Add(DigestKind.OwnerDeadlines, item.OwnerId, item, ReminderReason.Overdue, deadline, daysOverdue);
                    }
                }
                else if (daysOverdue == 0)
                {
                    Add(DigestKind.OwnerDeadlines, item.OwnerId, item, ReminderReason.DueToday, deadline, 0);
                }
                else if (dueSoonDays.Contains(-daysOverdue))
                {
                    Add(DigestKind.OwnerDeadlines, item.OwnerId, item, ReminderReason.DueSoon, deadline, -daysOverdue);
                }

                if (ReminderCadence.IsEscalationDay(daysOverdue, settings.EscalateToLeaderAfterDays, settings))
                {
                    Add(DigestKind.LeaderEscalation, item.LeaderId, item, ReminderReason.EscalatedOverdue, deadline, daysOverdue);
                }
            }

            if (ReminderCadence.IsEscalationDay(daysOverdue, settings.EscalateToAdminAfterDays, settings))
            {
                foreach (var administrator in administrators)
                {
                    Add(DigestKind.AdminEscalation, administrator, item, ReminderReason.EscalatedOverdue, deadline, daysOverdue);
                }
            }
        }

        var digests = new List<ReminderDigest>();
        foreach (var ((kind, recipient), lines) in collected)
        {
            if (kind == DigestKind.OwnerDeadlines && audience.OptedOutOfDueSoon.Contains(recipient))
            {
                lines.RemoveAll(l => IsOptional(l.Reason));
            }

            if (lines.Count == 0)
            {
                continue;
            }

            digests.Add(new ReminderDigest(recipient, kind, today, orderLines ? MostUrgentFirst(lines).ToList() : lines));
        }

        return digests
            .OrderBy(d => d.Kind)
            .ThenBy(d => d.RecipientId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The same decision as <see cref="Decide(IEnumerable{ReminderItem}, DateOnly, DateTimeOffset, ReminderSettings, ReminderAudience)"/>,
    /// delivered as one digest per person: each person's lines sorted into <see cref="DigestSection"/>s (most urgent section
    /// first, lines inside as the policy ordered them). An item the person already sees as its 责任领导 is not repeated in their
    /// administrator section. Ordered by recipient id.
    /// </summary>
    public static IReadOnlyList<PersonalDigest> DecidePersonal(
        IEnumerable<ReminderItem> items,
        DateOnly today,
        DateTimeOffset now,
        ReminderSettings settings,
        ReminderAudience audience)
    {
        var sections = new Dictionary<string, Dictionary<DigestSection, List<ReminderLine>>>(StringComparer.Ordinal);
        foreach (var digest in Decide(items, today, now, settings, audience, orderLines: false))
        {
            if (!sections.TryGetValue(digest.RecipientId, out var mine))
            {
                mine = [];
                sections.Add(digest.RecipientId, mine);
            }

            foreach (var line in digest.Lines)
            {
                var section = SectionOf(digest.Kind, line.Reason);
                if (!mine.TryGetValue(section, out var lines))
                {
                    lines = [];
                    mine.Add(section, lines);
                }

                lines.Add(line);
            }
        }

        var result = new List<PersonalDigest>(sections.Count);
        foreach (var (recipient, mine) in sections.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (mine.TryGetValue(DigestSection.LeaderEscalation, out var led) && mine.TryGetValue(DigestSection.AdminEscalation, out var administered))
            {
                var seen = led.Select(l => l.ItemId).ToHashSet();
                administered.RemoveAll(l => seen.Contains(l.ItemId));
                if (administered.Count == 0)
                {
                    mine.Remove(DigestSection.AdminEscalation);
                }
            }

            result.Add(new PersonalDigest(
                recipient,
                today,
                mine.OrderBy(s => s.Key).Select(s => Capped(s.Key, s.Value, settings.MaxLinesPerSection)).ToList())
            {
                RunAt = now,
            });
        }

        return result;
    }

    /// <summary>
    /// The <paramref name="max"/> most urgent lines, in order, with the whole section's count and most days. Only those are
    /// ordered (LINQ's OrderBy…Take sorts partially): at 1,000,000 items a leader's 待您审核 holds thousands of lines.
    /// </summary>
    private static DigestSectionLines Capped(DigestSection section, List<ReminderLine> lines, int max) =>
        new(section, MostUrgentFirst(lines).Take(max).ToList())
        {
            Total = lines.Count,
            MostDays = lines.Max(l => l.Days ?? 0),
        };

    /// <summary>
    /// The due dates (<c>RectificationItem.DueDate</c>: the deadline, or a 长期坚持 item's next report) of every item that can
    /// get a line on <paramref name="today"/> other than a decision waiting for a leader, from <paramref name="oldest"/> on:
    /// the overdue cadence, each escalation threshold day, today and the due-soon days. An item whose due date is not among
    /// them gets a line only as a sign-off or extension request, so the job reads only those items and these (decision 0050).
    /// </summary>
    public static IReadOnlyList<DateOnly> DueDatesOfInterest(DateOnly today, DateOnly oldest, ReminderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dates = new SortedSet<DateOnly> { today, today.AddDays(-settings.EscalateToLeaderAfterDays), today.AddDays(-settings.EscalateToAdminAfterDays) };
        dates.UnionWith(LateDates(today, oldest, late => ReminderCadence.IsReminderDay(late, settings)));
        dates.UnionWith(settings.DueSoonDays.Select(d => today.AddDays(d)));
        return [.. dates];
    }

    /// <summary>
    /// The due dates from <paramref name="oldest"/> to yesterday whose items are <paramref name="isLineDay"/> days late today,
    /// e.g. the overdue cadence (<see cref="ReminderCadence.IsReminderDay"/>) or an escalation's.
    /// </summary>
    public static IEnumerable<DateOnly> LateDates(DateOnly today, DateOnly oldest, Func<int, bool> isLineDay)
    {
        ArgumentNullException.ThrowIfNull(isLineDay);
        for (var late = 1; late <= today.DayNumber - oldest.DayNumber; late++)
        {
            if (isLineDay(late))
            {
                yield return today.AddDays(-late);
            }
        }
    }

    /// <summary>Which section of the person's digest a line of a per-kind decision belongs to.</summary>
    public static DigestSection SectionOf(DigestKind kind, ReminderReason reason) => kind switch
    {
        DigestKind.LeaderDecisions => DigestSection.AwaitingDecision,
        DigestKind.LeaderEscalation => DigestSection.LeaderEscalation,
        DigestKind.AdminEscalation => DigestSection.AdminEscalation,
        _ => reason switch
        {
            ReminderReason.Overdue => DigestSection.Overdue,
            ReminderReason.LongTermReportMissing => DigestSection.LongTermReportMissing,
            ReminderReason.DueToday => DigestSection.DueToday,
            ReminderReason.DueSoon => DigestSection.DueSoon,
            _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not an owner reminder reason."),
        },
    };

    /// <summary>The day a 长期坚持 item's next progress report is due: one period after the last progress (or creation).</summary>
    public static DateOnly NextReportDue(DateOnly lastProgressOrCreated, ReportingPeriod period) => period switch
    {
        ReportingPeriod.Monthly => lastProgressOrCreated.AddMonths(1),
        ReportingPeriod.Quarterly => lastProgressOrCreated.AddMonths(3),
        ReportingPeriod.HalfYearly => lastProgressOrCreated.AddMonths(6),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "Unknown reporting period."),
    };

    /// <summary>Due-soon and due-today lines are the optional mail a user may opt out of.</summary>
    public static bool IsOptional(ReminderReason reason) => reason is ReminderReason.DueSoon or ReminderReason.DueToday;

    /// <summary>The policy's order of lines: most urgent first, then by number (<see cref="ItemNumberComparer"/>), item and reason.</summary>
    private static IOrderedEnumerable<ReminderLine> MostUrgentFirst(IEnumerable<ReminderLine> lines) => lines
        .OrderByDescending(Urgency)
        .ThenBy(l => l.Number, ItemNumberComparer.Instance)
        .ThenBy(l => l.ItemId)
        .ThenBy(l => l.Reason);

    /// <summary>Higher is more urgent: days late count up, days left count down, the deadline day sits at zero.</summary>
    private static int Urgency(ReminderLine line) => line.Reason switch
    {
        ReminderReason.DueSoon => -(line.Days ?? 0),
        ReminderReason.DueToday => 0,
        _ => line.Days ?? 0,
    };

    private static int WholeDays(TimeSpan span) => (int)Math.Floor(span.TotalDays);

    private sealed class FixedInstant(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
