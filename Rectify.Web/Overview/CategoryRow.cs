using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Web.Data;
using Rectify.Web.Ledger;

namespace Rectify.Web.Overview;

public sealed record CategoryRow(string Category, int Total, int Closed)
{
    public decimal? ClosingRate => OverviewFigures.Rate(Closed, Total);
}
