using Microsoft.EntityFrameworkCore.Design;

namespace Rectify.Web.Data;

/// <summary>
/// How <c>dotnet ef</c> makes a <see cref="PostgresRectifyDbContext"/> without starting the app. <c>migrations add</c> does not
/// connect; for <c>database update</c> pass the server as <c>-- "Host=…;Database=…;Username=…"</c> (the first argument after
/// <c>--</c> is the connection string).
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRectifyDbContext>
{
    public PostgresRectifyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRectifyDbContext>()
            .UseNpgsql(args.Length > 0 ? args[0] : "Host=127.0.0.1;Database=rectify;Username=rectify").Options);
}
