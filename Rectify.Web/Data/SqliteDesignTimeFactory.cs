using Microsoft.EntityFrameworkCore.Design;

namespace Rectify.Web.Data;

/// <summary>
/// How <c>dotnet ef</c> makes a <see cref="SqliteRectifyDbContext"/> without starting the app (whose configuration names only
/// one provider). <c>migrations add</c> does not open the database; <c>database update</c> uses the file named here.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRectifyDbContext>
{
    public SqliteRectifyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRectifyDbContext>().UseSqlite("Data Source=data/rectify.db").Options);
}
