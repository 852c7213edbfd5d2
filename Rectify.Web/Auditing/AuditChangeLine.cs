using Rectify.Web.Evidence;

namespace Rectify.Web.Auditing;

/// <summary>One changed field of an audit entry as a user reads it: label, value before (null when new) and after.</summary>
public sealed record AuditChangeLine(string Field, string Label, string? Before, string? After);
