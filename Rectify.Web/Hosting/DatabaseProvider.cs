namespace Rectify.Web.Hosting;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
