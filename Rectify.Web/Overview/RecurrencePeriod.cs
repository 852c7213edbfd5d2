namespace Rectify.Web.Overview;

/// <summary>The period the overview's 反复出现的问题 counts over, by the day the recurring item was created (立项).</summary>
public enum RecurrencePeriod
{
    ThisYear,
    LastYear,
    Last12Months,
    All,
}
