namespace Rectify.Domain.Reminders;

/// <summary>How often and to whom reminders go. The defaults suit most organisations; <see cref="Validate"/> before use.</summary>
public sealed record ReminderSettings
{
    /// <summary>Days before the deadline on which the owner gets a due-soon line (exactly those days, not in between). Empty: none.</summary>
    public IReadOnlyList<int> DueSoonDays { get; init; } = [7, 3, 1];

    /// <summary>Overdue items are reminded every day for this many days after the deadline, then on every 7th day (14, 21, …).</summary>
    public int OverdueDailyForDays { get; init; } = 7;

    /// <summary>From this many days overdue the item's leader is told too (on the threshold day, then on the overdue cadence).</summary>
    public int EscalateToLeaderAfterDays { get; init; } = 3;

    /// <summary>From this many days overdue every administrator is told too (on the threshold day, then on the overdue cadence).</summary>
    public int EscalateToAdminAfterDays { get; init; } = 14;

    /// <summary>A sign-off or extension request waiting longer than this is put in the leader's decisions digest.</summary>
    public TimeSpan WaitingForDecisionAfter { get; init; } = TimeSpan.FromDays(1);

    public static ReminderSettings Default { get; } = new();

    /// <summary>Problems in these settings, in Chinese for the administrator's settings page; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();

        if (DueSoonDays is null)
        {
            errors.Add("到期前提醒天数不能为空；如不需要到期前提醒，请设置为空列表。");
        }
        else
        {
            foreach (var day in DueSoonDays.Where(d => d < 1).Distinct().Order())
            {
                errors.Add($"到期前提醒天数必须至少为1天（当前为{day}天）；到期当天会自动提醒。");
            }

            foreach (var day in DueSoonDays.GroupBy(d => d).Where(g => g.Count() > 1).Select(g => g.Key).Order())
            {
                errors.Add($"到期前提醒天数中的{day}天重复设置。");
            }
        }

        if (OverdueDailyForDays < 0)
        {
            errors.Add($"逾期后每日提醒的天数不能为负数（当前为{OverdueDailyForDays}天）。");
        }

        if (EscalateToLeaderAfterDays < 1)
        {
            errors.Add($"逾期多少天后提醒责任领导必须至少为1天（当前为{EscalateToLeaderAfterDays}天）。");
        }

        if (EscalateToAdminAfterDays < 1)
        {
            errors.Add($"逾期多少天后提醒管理员必须至少为1天（当前为{EscalateToAdminAfterDays}天）。");
        }

        if (EscalateToAdminAfterDays < EscalateToLeaderAfterDays)
        {
            errors.Add(
                $"提醒管理员的逾期天数（{EscalateToAdminAfterDays}天）不能少于提醒责任领导的逾期天数（{EscalateToLeaderAfterDays}天）：应先报责任领导，再报管理员。");
        }

        if (WaitingForDecisionAfter < TimeSpan.Zero)
        {
            errors.Add("待审核事项的提醒等待时间不能为负数。");
        }

        return errors;
    }
}
