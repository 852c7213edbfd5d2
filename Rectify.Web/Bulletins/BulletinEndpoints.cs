using Rectify.Web.Hosting;
using Rectify.Web.LedgerIO;

namespace Rectify.Web.Bulletins;

public static class BulletinEndpoints
{
    public static IServiceCollection AddRectifyBulletins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<BulletinOptions>(configuration, BulletinOptions.Section);
        services.AddScoped<BulletinService>();
        return services;
    }

    /// <summary>GET /bulletins/{id}.docx: an issued bulletin as it was issued, to leaders and administrators only.</summary>
    public static IEndpointRouteBuilder MapBulletins(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/bulletins/{id:guid}.docx", async (Guid id, HttpContext http, ActorFactory actors, BulletinService bulletins, IStringLocalizer<Localization.Text> T, CancellationToken cancellationToken) =>
        {
            var access = await actors.CreateAsync(http.User, cancellationToken);
            if (access is null)
            {
                return Results.Challenge();
            }

            if (!BulletinService.MayRead(access.Actor))
            {
                return Results.Text(T["Bulletins.Page.Forbidden"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            }

            var bulletin = await bulletins.GetAsync(id, cancellationToken);
            return bulletin is null
                ? Results.NotFound()
                : Results.File(bulletin.Document, LedgerWordExporter.ContentType, $"{bulletin.Number}-{bulletin.Title}.docx");
        }).RequireAuthorization();
        return endpoints;
    }
}
