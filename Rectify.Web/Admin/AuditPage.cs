using Rectify.Web.Jobs;

namespace Rectify.Web.Admin;

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Page, int Pages);
