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
        services.AddScoped<EvidenceUploads>();
        services.AddScoped<ItemDetailQueries>();
        return services;
    }

    /// <summary>
    /// GET /evidence/{id}: the file, to whoever may read the item it belongs to (403 with a Chinese text otherwise), always as a
    /// download (Content-Disposition: attachment) and with nosniff, so an uploaded file is never rendered as a page of this site.
    /// </summary>
    public static IEndpointConventionBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/evidence/{id:guid}", DownloadAsync).RequireAuthorization();

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
