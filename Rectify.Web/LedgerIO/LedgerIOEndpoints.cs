using Rectify.Documents;
using Rectify.Web.Hosting;
using Microsoft.Net.Http.Headers;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Downloads. Every signed-in user may export: the content is limited to the items they may read
/// (<see cref="ItemQueries.FilteredAsync"/>), exactly as their item list is, so a secretary's 台账 holds their branch's items only.
/// </summary>
public static class LedgerIOEndpoints
{
    public static IEndpointRouteBuilder MapLedgerIO(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").RequireAuthorization();

        // GET /ledger/export.xlsx?status=…&org=…&list=… (the item list's query string, see ItemFilterQuery).
        group.MapGet("/ledger/export.xlsx", async (HttpContext http, ActorFactory actors, LedgerExcelExporter exporter, CancellationToken cancellationToken) =>
        {
            if (await actors.CreateAsync(http.User, cancellationToken) is not { } access)
            {
                return Results.Unauthorized();
            }

            var filter = ItemFilterQuery.Parse(http.Request.Query);
            // Streamed: the rows go to the client as they are written (the exporter flushes every 500 rows), so the download
            // starts at once and the server holds no copy of the file, in memory or on disk (docs/decisions/0038).
            // An error after the first bytes can only break the connection: the client sees an incomplete download.
            http.Response.ContentType = XlsxWriter.ContentType;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(exporter.FileName());
            http.Response.Headers.ContentDisposition = disposition.ToString();
            var body = new ResponseBodyStream(http.Response.Body);
            await exporter.ExportAsync(access, filter, body, cancellationToken: cancellationToken);
            await body.FlushAsync(cancellationToken);
            return Results.Empty;
        });

        group.MapGet("/ledger/template.xlsx", (LedgerExcelTemplate template) =>
        {
            var memory = new MemoryStream();
            template.Write(memory);
            memory.Position = 0;
            return Results.File(memory, XlsxWriter.ContentType, template.FileName);
        });

        group.MapGet("/problem-lists/{id:guid}/report.docx", async (Guid id, HttpContext http, ActorFactory actors, LedgerWordExporter exporter, CancellationToken cancellationToken) =>
        {
            if (await actors.CreateAsync(http.User, cancellationToken) is not { } access)
            {
                return Results.Unauthorized();
            }

            var memory = new MemoryStream();
            var result = await exporter.ExportAsync(access, id, memory, cancellationToken);
            switch (result.Status)
            {
                case CommandStatus.Ok:
                    memory.Position = 0;
                    return Results.File(memory, LedgerWordExporter.ContentType, result.Value);
                case CommandStatus.Forbidden:
                    return Results.Text(result.Message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
                default:
                    return Results.NotFound();
            }
        });

        group.MapGet("/ledger/exports/{token}", (string token, HttpContext http, PreparedFiles files) =>
        {
            var userId = http.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
            return userId is not null && files.Find(token, userId) is { } entry
                ? Results.File(entry.Path, entry.ContentType, entry.FileName)
                : Results.NotFound();
        });

        return app;
    }

    public static IServiceCollection AddRectifyLedgerIO(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LedgerIOOptions>(configuration, LedgerIOOptions.Section);
        services.AddValidatedOptions<FileLimitsOptions>(configuration, FileLimitsOptions.Section);
        services.AddScoped<LedgerExportRows>();
        services.AddScoped<LedgerExcelExporter>();
        services.AddScoped<LedgerExcelImporter>();
        services.AddScoped<ImportRuns>();
        // The two steps before a run hold no state (options, the clock and texts only): one each for the app.
        services.AddSingleton<ImportFileReader>();
        services.AddSingleton<ImportRowChecker>();
        services.AddHostedService<ImportRecovery>();
        services.AddScoped<LedgerExcelTemplate>();
        services.AddScoped<LedgerWordExporter>();
        services.AddScoped<ReportFileReader>();
        services.AddSingleton<PreparedFiles>();
        return services;
    }
}
