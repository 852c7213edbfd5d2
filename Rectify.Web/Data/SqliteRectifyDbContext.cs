using Rectify.Domain.Auditing;
using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Data;

public sealed class SqliteRectifyDbContext(DbContextOptions<SqliteRectifyDbContext> options) : RectifyDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot ORDER BY or compare DateTimeOffset stored as TEXT with offsets correctly; store UTC ticks instead.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
    }
}
