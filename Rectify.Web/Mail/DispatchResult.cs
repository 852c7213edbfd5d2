using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Rectify.Web.Mail;

/// <summary>What one dispatcher run did.</summary>
public sealed record DispatchResult(int Sent, int FailedAttempts, int GaveUp, int Recovered, bool StoppedEarly);
