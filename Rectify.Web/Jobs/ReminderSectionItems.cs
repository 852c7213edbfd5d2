using Rectify.Domain.Reminders;

namespace Rectify.Web.Jobs;

/// <summary>
/// The items of one section of a reader's own reminder mail, as a query: what the mail's "另有 N 项未列出，查看全部" link opens
/// (<see cref="ItemFilter.Reminder"/>; decision 0049). Each section is written as the rules of <see cref="ReminderPolicy"/>
/// select its lines, with the run's instant and the policy's own cadence (the due dates come from
/// <see cref="ReminderPolicy.LateDates"/>), so the list holds exactly the section's items as they are now; an item changed
/// since the run (reported, extended, closed) may have left it. <c>ReminderSectionItemsTests</c> compares both on both databases.
/// </summary>
public static class ReminderSectionItems
{
    public static async Task<IQueryable<RectificationItem>> WhereAsync(
        RectifyDbContext db, Actor reader, IQueryable<RectificationItem> query, DigestSection section, DateTimeOffset at,
        ReminderSettings settings, LedgerClock clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(clock);
        var me = reader.UserId;
        var day = clock.DayOf(at);
        var unfinished = query.Where(ItemPredicates.Unfinished);
        // The owner's sections and the leader's escalation: only while the ball is with the owner (not 待销号).
        var ownersBall = unfinished.Where(i => i.Status != ItemStatus.AwaitingSignOff);
        var withDeadline = ownersBall.Where(i => i.DeadlineType != DeadlineType.LongTerm);

        async Task<List<DateOnly>> LateAsync(Func<int, bool> isLineDay) =>
            ReminderPolicy.LateDates(day, await ReminderData.OldestDueAsync(db, day, cancellationToken), isLineDay).ToList();

        switch (section)
        {
            case DigestSection.Overdue:
            {
                var dates = await LateAsync(late => ReminderCadence.IsReminderDay(late, settings));
                return withDeadline.Where(i => i.OwnerId == me && i.DueDate != null && dates.Contains(i.DueDate.Value));
            }

            case DigestSection.LongTermReportMissing:
            {
                var dates = await LateAsync(late => ReminderCadence.IsReminderDay(late, settings));
                return ownersBall.Where(i => i.OwnerId == me && i.DeadlineType == DeadlineType.LongTerm && i.Period != null
                    && i.DueDate != null && dates.Contains(i.DueDate.Value));
            }

            case DigestSection.DueToday:
                return withDeadline.Where(i => i.OwnerId == me && i.DueDate == day);

            case DigestSection.DueSoon:
            {
                var dates = settings.DueSoonDays.Select(d => day.AddDays(d)).ToList();
                return withDeadline.Where(i => i.OwnerId == me && i.DueDate != null && dates.Contains(i.DueDate.Value));
            }

            case DigestSection.LeaderEscalation:
            {
                var dates = await LateAsync(late => ReminderCadence.IsEscalationDay(late, settings.EscalateToLeaderAfterDays, settings));
                return withDeadline.Where(i => i.LeaderId == me && i.DueDate != null && dates.Contains(i.DueDate.Value));
            }

            case DigestSection.AdminEscalation when reader.IsAdministrator:
            {
                // Every administrator's, less the items the reader already has in their own escalation as 责任领导.
                var dates = await LateAsync(late => ReminderCadence.IsEscalationDay(late, settings.EscalateToAdminAfterDays, settings));
                var led = await LateAsync(late => ReminderCadence.IsEscalationDay(late, settings.EscalateToLeaderAfterDays, settings));
                return unfinished.Where(i => i.DeadlineType != DeadlineType.LongTerm && i.DueDate != null && dates.Contains(i.DueDate.Value)
                    && !(i.LeaderId == me && i.Status != ItemStatus.AwaitingSignOff && led.Contains(i.DueDate.Value)));
            }

            case DigestSection.AwaitingDecision:
            {
                var before = at - settings.WaitingForDecisionAfter;
                return unfinished.Where(i => i.LeaderId == me
                    && ((i.Status == ItemStatus.AwaitingSignOff && i.SignOffRequestedAt < before)
                        || i.Extensions.Any(e => e.State == ExtensionState.Pending && e.RequestedAt < before)));
            }

            default:
                return query.Where(i => false);
        }
    }
}
