using Rectify.Domain.Bulletins;
using Rectify.Web.Overview;

namespace Rectify.Web.Bulletins;

/// <summary>One row of the list of issued bulletins.</summary>
public sealed record BulletinSummary(Guid Id, string Number, string Title, BulletinCadence Cadence, DateOnly PeriodStart, DateOnly PeriodEnd, DateTimeOffset IssuedAt);
