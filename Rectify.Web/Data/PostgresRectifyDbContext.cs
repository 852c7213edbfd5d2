using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Auditing;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Web.Auditing;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Identity;

namespace Rectify.Web.Data;

/// <summary>PostgreSQL for larger deployments (Database:Provider = Postgres); timestamps are stored as UTC timestamptz.</summary>
public sealed class PostgresRectifyDbContext(DbContextOptions<PostgresRectifyDbContext> options) : RectifyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Npgsql only writes offset-zero DateTimeOffset values to timestamptz; normalise whatever the caller passed.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcConverter>();
    }
}
