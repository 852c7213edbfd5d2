namespace Rectify.Web.Ledger;

public sealed record ItemDetailResult(ItemDetailOutcome Outcome, ItemDetailView? Detail, AccessContext Access);
