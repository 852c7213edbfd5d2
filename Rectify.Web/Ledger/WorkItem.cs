using Rectify.Domain.Access;
using Rectify.Domain.Ledger;

namespace Rectify.Web.Ledger;

public sealed record WorkItem(ItemRow Row, WorkNeed Needs);
