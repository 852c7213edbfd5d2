namespace Rectify.Web.Ledger;

public enum DueFilter
{
    All,
    Overdue,
    DueSoon,
    Unfinished,
}
