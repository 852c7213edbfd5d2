namespace Rectify.Web.LedgerIO;

/// <summary>The columns of the 整改台账 as users keep it in Excel, in their order; <see cref="Category"/> is an optional extra on import.</summary>
public enum LedgerColumn
{
    Sequence,
    Source,
    Description,
    Measures,
    Leader,
    Organization,
    Owner,
    Deadline,
    Progress,
    Completion,
    ClosedOn,
    Remarks,
    Category,
}
