using Microsoft.EntityFrameworkCore;
using Quartz;
using Rectify.Web.Auditing;
using Rectify.Web.Data;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Web.Admin;

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, int Page, int Pages);
