using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Localization;

namespace Rectify.Web.Ledger;

public static class EvidenceEndpoints
{
    /// <summary>The item detail page's services: its query, evidence storage and uploads ("Evidence" options validated at start).</summary>
    public static IServiceCollection AddRectifyEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EvidenceOptions>().Bind(configuration.GetSection(EvidenceOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EvidenceStore>();
        // After DatabaseInitializer (hosted services start in registration order): the schema exists when it queries.
        services.AddHostedService<EvidenceCleanup>();
        services.AddScoped<EvidenceUploads>();
        services.AddScoped<ItemDetailQueries>();
        return services;
    }

    /// <summary>
    /// GET /evidence/{id}: the file, to whoever may read the item it belongs to (403 with a Chinese text otherwise), always as a
    /// download (Content-Disposition: attachment) and with nosniff, so an uploaded file is never rendered as a page of this site.
    /// </summary>
    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/evidence/{id:guid}", DownloadAsync).RequireAuthorization();
        endpoints.MapPost("/items/{id:guid}/progress", AddProgressAsync).RequireAuthorization().DisableRequestTimeout();
        return endpoints;
    }

    /// <summary>
    /// POST /items/{id}/progress (multipart form: version, text, optional percent, optional date yyyy-MM-dd, files): 填报整改进展
    /// with evidence as a plain HTML form can send it (no circuit needed, e.g. a phone on a poor connection), through exactly
    /// the path the item page uses (<see cref="EvidenceUploads"/> → <see cref="ItemCommands"/>: permission, version, domain
    /// checks, audit). Form posts need the antiforgery token (__RequestVerificationToken), checked by the framework.
    /// 200 with the new version and report id; 400/403/404/409 with the Chinese reason as plain text; nothing saved then.
    /// </summary>
    private static async Task<IResult> AddProgressAsync(
        Guid id, [Microsoft.AspNetCore.Mvc.FromForm] ProgressForm form, HttpContext context, ActorFactory actors, EvidenceUploads uploads, LedgerClock clock,
        CancellationToken cancellationToken)
    {
        if (await actors.CreateAsync(context.User, cancellationToken) is not { } access)
        {
            return Results.Challenge();
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!int.TryParse(form.Version, System.Globalization.NumberStyles.None, invariant, out var version))
        {
            return PlainText(Text.Get("Ledger.Conflict"), StatusCodes.Status409Conflict);
        }

        int? percent = null;
        if (!string.IsNullOrWhiteSpace(form.Percent))
        {
            if (!int.TryParse(form.Percent.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, invariant, out var p))
            {
                return PlainText(Text.Get("Security.InvalidPercent"), StatusCodes.Status400BadRequest);
            }

            percent = p;
        }

        var date = clock.Today;
        if (!string.IsNullOrWhiteSpace(form.Date)
            && !DateOnly.TryParseExact(form.Date.Trim(), "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out date))
        {
            return PlainText(Text.Get("Security.InvalidDate"), StatusCodes.Status400BadRequest);
        }

        var files = context.Request.Form.Files.Select(f => new PickedFile(f.FileName, f.Length, _ => f.OpenReadStream())).ToList();
        Guid reportId = Guid.Empty;
        var result = await uploads.RunAsync(access, id, version, files, (item, a, today, now) =>
        {
            reportId = item.AddProgress(a, date, form.Text ?? "", percent, today, now).Id;
            return reportId;
        }, cancellationToken);
        return result.Status switch
        {
            CommandStatus.Ok => Results.Json(new { version = result.Version, reportId }),
            CommandStatus.NotFound => PlainText(result.Message ?? "", StatusCodes.Status404NotFound),
            CommandStatus.Forbidden => PlainText(result.Message ?? "", StatusCodes.Status403Forbidden),
            CommandStatus.Conflict => PlainText(result.Message ?? "", StatusCodes.Status409Conflict),
            _ => PlainText(result.Message ?? "", StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>The progress form's fields (files come from the request's form files).</summary>
    public sealed class ProgressForm
    {
        public string? Version { get; set; }

        public string? Text { get; set; }

        public string? Percent { get; set; }

        public string? Date { get; set; }
    }

    private static async Task<IResult> DownloadAsync(
        Guid id, HttpContext context, IDbContextFactory<RectifyDbContext> dbFactory, ActorFactory actors, EvidenceStore store, CancellationToken cancellationToken)
    {
        var access = await actors.CreateAsync(context.User, cancellationToken);
        if (access is null)
        {
            return Results.Challenge();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var itemId = await db.Set<EvidenceFile>().Where(e => e.Id == id).Select(e => (Guid?)EF.Property<Guid>(e, "ItemId")).SingleOrDefaultAsync(cancellationToken);
        var item = itemId is Guid found ? await ItemCommands.LoadAggregateAsync(db, found, cancellationToken) : null;
        var evidence = item?.Evidence.SingleOrDefault(e => e.Id == id);
        if (item is null || evidence is null)
        {
            return PlainText(Text.Get("Evidence.NotFound"), StatusCodes.Status404NotFound);
        }

        if (!ItemAccess.CanRead(access.Actor, item, access.Organizations))
        {
            return PlainText(Text.Get("Evidence.Forbidden"), StatusCodes.Status403Forbidden);
        }

        var stream = store.OpenRead(evidence.StorageKey);
        if (stream is null)
        {
            return PlainText(Text.Get("Evidence.Missing"), StatusCodes.Status404NotFound);
        }

        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        context.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        // Results.File writes Content-Disposition: attachment with both an ASCII filename and the UTF-8 filename*.
        return Results.File(stream, evidence.ContentType, evidence.FileName, enableRangeProcessing: false);
    }

    private static IResult PlainText(string text, int status) =>
        Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8, status);
}
