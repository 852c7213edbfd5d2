using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Domain.Access;
using Rectify.Domain.Bulletins;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Jobs;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;
using Rectify.Web.Mail;
using Rectify.Web.Overview;

namespace Rectify.Web.Bulletins;

/// <summary>One row of the list of issued bulletins.</summary>
public sealed record BulletinSummary(Guid Id, string Number, string Title, BulletinCadence Cadence, DateOnly PeriodStart, DateOnly PeriodEnd, DateTimeOffset IssuedAt);
