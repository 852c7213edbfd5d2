namespace Rectify.Web.Ledger;

public sealed record ItemPage(IReadOnlyList<ItemRow> Rows, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
