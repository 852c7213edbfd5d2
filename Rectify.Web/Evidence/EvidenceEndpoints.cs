using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Rectify.Web.Hosting;

namespace Rectify.Web.Evidence;

public static class EvidenceEndpoints
{
    /// <summary>The item detail page's services: its query, evidence storage and uploads ("Evidence" options validated at start).</summary>
    public static IServiceCollection AddRectifyEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<EvidenceOptions>(configuration, EvidenceOptions.Section);
        // Multipart bodies (the only large forms are evidence uploads) are limited exactly as the upload endpoint is.
        services.AddOptions<FormOptions>().Configure<IOptions<EvidenceOptions>>((form, evidence) => form.MultipartBodyLengthLimit = evidence.Value.MaxRequestBytes);
        services.AddSingleton<EvidenceStore>();
        services.AddSingleton<EvidenceStatus>();
        services.AddSingleton<FolderEvidenceBlobStore>();
        services.AddSingleton<DatabaseEvidenceBlobStore>();
        services.AddSingleton<IEvidenceBlobStore>(sp => StoreKind(
                sp.GetRequiredService<IOptions<EvidenceOptions>>().Value, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value) == EvidenceStoreKind.Database
            ? sp.GetRequiredService<DatabaseEvidenceBlobStore>()
            : sp.GetRequiredService<FolderEvidenceBlobStore>());
        // After DatabaseInitializer (hosted services start in registration order): the schema exists when it queries.
        services.AddHostedService<EvidenceCleanup>();
        services.AddScoped<EvidenceUploads>();
        services.AddScoped<ItemDetailQueries>();
        return services;
    }

    /// <summary>Evidence:Store, or when not set: Database on PostgreSQL, Folder on SQLite (decision 0032).</summary>
    public static EvidenceStoreKind StoreKind(EvidenceOptions evidence, DatabaseOptions database) =>
        evidence.Store ?? (database.Provider == DatabaseProvider.Postgres ? EvidenceStoreKind.Database : EvidenceStoreKind.Folder);

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
    /// POST /items/{id}/progress (multipart form: version, text, optional percent, optional date yyyy-MM-dd, files, optional
    /// submissionId — the form's GUID; the same one again answers as the first time and adds nothing, decision 0063): 填报整改进展
    /// with evidence as a plain HTML form can send it (no circuit needed, e.g. a phone on a poor connection), through exactly
    /// the path the item page uses (<see cref="EvidenceUploads"/> → <see cref="ItemCommands"/>: permission, version, domain
    /// checks, audit). The user's right to work on the item and their hourly bound are checked before a byte of the body is
    /// read; the body may be at most <see cref="EvidenceOptions.MaxRequestBytes"/> (set as this request's Kestrel limit and
    /// refused at once when Content-Length says more). Then the antiforgery token (__RequestVerificationToken) is checked.
    /// 200 with the new version and report id; 400/403/404/409/413/429 with the reason in the requester's language as plain text; nothing saved then.
    /// </summary>
    private static async Task<IResult> AddProgressAsync(
        Guid id, HttpContext context, ActorFactory actors, EvidenceUploads uploads, EvidenceStore store, IAntiforgery antiforgery,
        IOptions<EvidenceOptions> options, LedgerClock clock, ILoggerFactory loggers, IStringLocalizer<Text> localizer,
        CancellationToken cancellationToken)
    {
        if (await actors.CreateAsync(context.User, cancellationToken) is not { } access)
        {
            return Results.Challenge();
        }

        var limit = options.Value.MaxRequestBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            return PlainText(store.UploadTooLargeMessage(), StatusCodes.Status413PayloadTooLarge);
        }

        if (await uploads.AuthorizeAsync(access, id, null, [], cancellationToken) is { } refused)
        {
            return Refusal(refused);
        }

        IFormCollection form;
        try
        {
            await antiforgery.ValidateRequestAsync(context);
            form = await context.Request.ReadFormAsync(cancellationToken);
        }
        catch (AntiforgeryValidationException)
        {
            return PlainText(localizer["Evidence.FormExpired"], StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            // A body without Content-Length that grew past the limit (Kestrel), or past the multipart limit (FormOptions).
            loggers.CreateLogger(typeof(EvidenceEndpoints)).LogInformation("Oversized evidence upload to item {ItemId} refused.", id);
            return PlainText(store.UploadTooLargeMessage(), StatusCodes.Status413PayloadTooLarge);
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        if (!int.TryParse(form["version"], System.Globalization.NumberStyles.None, invariant, out var version))
        {
            return PlainText(localizer["Ledger.Conflict"], StatusCodes.Status409Conflict);
        }

        int? percent = null;
        var percentText = form["percent"].ToString();
        if (!string.IsNullOrWhiteSpace(percentText))
        {
            if (!int.TryParse(percentText.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, invariant, out var p))
            {
                return PlainText(localizer["Security.InvalidPercent"], StatusCodes.Status400BadRequest);
            }

            percent = p;
        }

        var date = clock.Today;
        var dateText = form["date"].ToString();
        if (!string.IsNullOrWhiteSpace(dateText)
            && !DateOnly.TryParseExact(dateText.Trim(), "yyyy-MM-dd", invariant, System.Globalization.DateTimeStyles.None, out date))
        {
            return PlainText(localizer["Security.InvalidDate"], StatusCodes.Status400BadRequest);
        }

        Guid? submissionId = null;
        var submissionText = form["submissionId"].ToString();
        if (!string.IsNullOrWhiteSpace(submissionText))
        {
            if (!Guid.TryParse(submissionText.Trim(), out var parsed) || parsed == Guid.Empty)
            {
                return PlainText(localizer["Evidence.FormExpired"], StatusCodes.Status400BadRequest);
            }

            submissionId = parsed;
        }

        var files = form.Files.Select(f => new PickedFile(f.FileName, f.Length, _ => f.OpenReadStream())).ToList();
        var submitted = await uploads.SubmitProgressAsync(
            access, id, version, new ProgressForm(date, form["text"].ToString(), percent, submissionId), files, cancellationToken);
        return submitted.Result.Status == CommandStatus.Ok
            ? Results.Json(new { version = submitted.Result.Version, reportId = submitted.ReportId })
            : Refusal(submitted.Result);
    }

    private static IResult Refusal(CommandResult result) => PlainText(result.Message ?? "", result.Status switch
    {
        CommandStatus.NotFound => StatusCodes.Status404NotFound,
        CommandStatus.Forbidden => StatusCodes.Status403Forbidden,
        CommandStatus.Conflict => StatusCodes.Status409Conflict,
        CommandStatus.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status400BadRequest,
    });

    private static async Task<IResult> DownloadAsync(
        Guid id, HttpContext context, IDbContextFactory<RectifyDbContext> dbFactory, ActorFactory actors, EvidenceStore store,
        IStringLocalizer<Text> localizer, CancellationToken cancellationToken)
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
            return PlainText(localizer["Evidence.NotFound"], StatusCodes.Status404NotFound);
        }

        if (!ItemAccess.CanRead(access.Actor, item, access.Organizations))
        {
            return PlainText(localizer["Evidence.Forbidden"], StatusCodes.Status403Forbidden);
        }

        var stream = await store.OpenReadAsync(evidence.StorageKey, cancellationToken);
        if (stream is null)
        {
            return PlainText(localizer["Evidence.Missing"], StatusCodes.Status404NotFound);
        }

        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        context.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        // Results.File writes Content-Disposition: attachment with both an ASCII filename and the UTF-8 filename*.
        return Results.File(stream, evidence.ContentType, evidence.FileName, enableRangeProcessing: false);
    }

    private static IResult PlainText(string text, int status) =>
        Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8, status);
}
