namespace Rectify.Web.Ledger;

public sealed record WorkItem(ItemRow Row, WorkNeed Needs);
