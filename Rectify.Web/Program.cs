using Rectify.Web.Hosting;
using Rectify.Web.LedgerIO;

// `import-report FILE`: the report parser from the command line, without the web host or the database.
if (ReportCommand.TryRun(args) is int exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRectify();

var app = builder.Build();

// `verify-audit`: checks the audit log's hash chain of the configured database, without serving requests.
if (args is [Rectify.Web.Auditing.VerifyAuditCommand.Name, ..])
{
    return await Rectify.Web.Auditing.VerifyAuditCommand.RunAsync(app.Services, args, Console.Out);
}

// `migrate-evidence [--from FOLDER]`: copies the evidence folder's files into the database store and verifies them (docs/operations.md).
if (args is [Rectify.Web.Evidence.MigrateEvidenceCommand.Name, ..])
{
    return await Rectify.Web.Evidence.MigrateEvidenceCommand.RunAsync(app.Services, args, Console.Out);
}

// `find-recurrences [--since yyyy-MM-dd]`: proposes likely recurrences among existing items for administrators to confirm (docs/recurrence.md).
if (args is [Rectify.Web.Recurrence.FindRecurrencesCommand.Name, ..])
{
    return await Rectify.Web.Recurrence.FindRecurrencesCommand.RunAsync(app.Services, args, Console.Out);
}

app.UseRectify();
app.Run();
return 0;

/// <summary>Entry point; public so integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
