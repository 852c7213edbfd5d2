using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;
using Rectify.Web.Data;

namespace Rectify.Web.Mail;

/// <summary>What one dispatcher run did.</summary>
public sealed record DispatchResult(int Sent, int FailedAttempts, int GaveUp, int Recovered, bool StoppedEarly);
