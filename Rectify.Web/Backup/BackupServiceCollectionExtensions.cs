namespace Rectify.Web.Backup;

public static class BackupServiceCollectionExtensions
{
    public static IServiceCollection AddRectifyBackup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BackupOptions>().Bind(configuration.GetSection(BackupOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BackupService>();
        return services;
    }
}
