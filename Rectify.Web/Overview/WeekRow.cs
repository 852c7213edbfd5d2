using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.Overview;

/// <summary>A week (Monday to Sunday): items created (立项) and items closed (销号) in it.</summary>
public sealed record WeekRow(DateOnly Start, DateOnly End, int New, int Closed);
