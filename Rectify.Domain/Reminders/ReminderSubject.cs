namespace Rectify.Domain.Reminders;

/// <summary>
/// Chinese subject lines a secretary understands at a glance. A bracketed tag says what kind of mail it is, the rest gives
/// the count; when a digest mixes several reasons, the most urgent leads and the rest follow after "另有".
/// </summary>
/// <example>
/// 【逾期提醒】您有2项整改事项已逾期，另有1项今天到期、3项将于7天内到期<br/>
/// 【整改提醒】您有3项整改事项将于7天内到期<br/>
/// 【进展提醒】您有1项长期坚持整改事项未按期报送进展<br/>
/// 【逾期督办】您负责的2项整改事项已逾期，最长逾期21天，请督促整改<br/>
/// 【逾期督办】有3项整改事项已逾期，最长逾期45天，请跟踪督办<br/>
/// 【待您审核】您有1项销号申请待审核
/// </example>
public static class ReminderSubject
{
    public static string For(ReminderDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var lines = digest.Lines;
        if (lines.Count == 0)
        {
            return "【整改提醒】整改事项提醒";
        }

        return digest.Kind switch
        {
            DigestKind.OwnerDeadlines => ForOwner(lines),
            DigestKind.LeaderEscalation => $"【逾期督办】您负责的{Overdue(lines)}，请督促整改",
            DigestKind.AdminEscalation => $"【逾期督办】有{Overdue(lines)}，请跟踪督办",
            DigestKind.LeaderDecisions => ForDecisions(lines),
            _ => "【整改提醒】整改事项提醒",
        };
    }

    private static string ForOwner(IReadOnlyList<ReminderLine> lines)
    {
        var overdue = Count(lines, ReminderReason.Overdue);
        var longTerm = Count(lines, ReminderReason.LongTermReportMissing);
        var dueToday = Count(lines, ReminderReason.DueToday);
        var dueSoon = Count(lines, ReminderReason.DueSoon);
        var soonPhrase = DueSoonPhrase(lines);

        string lead;
        var rest = new List<string>();
        if (overdue > 0)
        {
            lead = $"【逾期提醒】您有{overdue}项整改事项已逾期";
            AddIf(rest, longTerm, $"{longTerm}项长期坚持事项未报送进展");
            AddIf(rest, dueToday, $"{dueToday}项今天到期");
            AddIf(rest, dueSoon, $"{dueSoon}项{soonPhrase}");
        }
        else if (longTerm > 0)
        {
            lead = $"【进展提醒】您有{longTerm}项长期坚持整改事项未按期报送进展";
            AddIf(rest, dueToday, $"{dueToday}项整改事项今天到期");
            AddIf(rest, dueSoon, $"{dueSoon}项整改事项{soonPhrase}");
        }
        else if (dueToday > 0)
        {
            lead = $"【整改提醒】您有{dueToday}项整改事项今天到期";
            AddIf(rest, dueSoon, $"{dueSoon}项{soonPhrase}");
        }
        else
        {
            lead = $"【整改提醒】您有{dueSoon}项整改事项{soonPhrase}";
        }

        return rest.Count == 0 ? lead : $"{lead}，另有{string.Join("、", rest)}";
    }

    private static string ForDecisions(IReadOnlyList<ReminderLine> lines)
    {
        var signOffs = Count(lines, ReminderReason.AwaitingYourSignOff);
        var extensions = Count(lines, ReminderReason.AwaitingYourExtensionDecision);
        return (signOffs, extensions) switch
        {
            ( > 0, > 0) => $"【待您审核】您有{signOffs}项销号申请、{extensions}项延期申请待审核",
            ( > 0, _) => $"【待您审核】您有{signOffs}项销号申请待审核",
            _ => $"【待您审批】您有{extensions}项延期申请待审批",
        };
    }

    /// <summary>"1项整改事项已逾期5天" or "3项整改事项已逾期，最长逾期21天".</summary>
    private static string Overdue(IReadOnlyList<ReminderLine> lines)
    {
        var longest = lines.Max(l => l.Days ?? 0);
        return lines.Count == 1
            ? $"1项整改事项已逾期{longest}天"
            : $"{lines.Count}项整改事项已逾期，最长逾期{longest}天";
    }

    private static string DueSoonPhrase(IReadOnlyList<ReminderLine> lines)
    {
        var furthest = lines.Where(l => l.Reason == ReminderReason.DueSoon).Select(l => l.Days ?? 0).DefaultIfEmpty(0).Max();
        return furthest <= 1 ? "将于明天到期" : $"将于{furthest}天内到期";
    }

    private static int Count(IReadOnlyList<ReminderLine> lines, ReminderReason reason) => lines.Count(l => l.Reason == reason);

    private static void AddIf(List<string> parts, int count, string part)
    {
        if (count > 0)
        {
            parts.Add(part);
        }
    }
}
