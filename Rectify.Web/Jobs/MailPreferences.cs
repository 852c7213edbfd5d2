namespace Rectify.Web.Jobs;

/// <summary>A user's choice of optional mail.</summary>
public sealed record MailPreferences(bool ReceiveDueSoonMail, bool ReceiveSummaryMail);
