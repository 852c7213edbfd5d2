using Rectify.Web.Hosting;

namespace Rectify.Web.Backup;

public static class BackupServiceCollectionExtensions
{
    /// <summary>The backup service; its options (the "Backup" section) are bound and validated once by <see cref="StartupSettings"/>.</summary>
    public static IServiceCollection AddRectifyBackup(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        StartupSettings.Of(services, configuration, contentRoot);
        services.AddSingleton<BackupService>();
        return services;
    }
}
