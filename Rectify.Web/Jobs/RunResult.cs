using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Domain.Ledger;
using Rectify.Domain.Reminders;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.Mail;

namespace Rectify.Web.Jobs;

/// <summary>What one run enqueued: new messages, and digests skipped (already enqueued, or the recipient has no usable address).</summary>
public sealed record RunResult(int Enqueued, int AlreadyEnqueued, int SkippedRecipients);
