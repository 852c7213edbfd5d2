namespace Rectify.Web.Ledger;

public enum CommandStatus
{
    Ok,
    NotFound,
    Forbidden,
    Invalid,
    Conflict,

    /// <summary>A bound on how much one user may do in a period (uploads per hour) was reached.</summary>
    RateLimited,
}
