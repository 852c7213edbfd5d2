namespace Rectify.Web.Ledger;

public enum ItemDetailOutcome
{
    Found,
    NotFound,
    Forbidden,
}
