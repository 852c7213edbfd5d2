using Rectify.Domain.Bulletins;
using Rectify.Web.Jobs;
using Rectify.Web.Overview;

namespace Rectify.Web.Bulletins;

/// <summary>The outcome of issuing: the bulletin, and whether this call issued it (false: it existed already for that period).</summary>
public sealed record IssueResult(Bulletin Bulletin, bool Issued);
