namespace Rectify.Web.Ledger;

public enum ItemSort
{
    DueDate,
    Number,
    Status,
    Organization,
    CreatedAt,
}
