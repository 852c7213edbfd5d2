namespace Rectify.Web.Robots;

public static class RobotServiceCollectionExtensions
{
    /// <summary>Group robots: options (validated at start), the four platforms, the sender with its HTTP client, the dispatcher, the morning run and the settings service.</summary>
    public static IServiceCollection AddRectifyRobots(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RobotOptions>().Bind(configuration.GetSection(RobotOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(RobotSender.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });
        services.AddSingleton<IRobotPlatform, WeComPlatform>();
        services.AddSingleton<IRobotPlatform, DingTalkPlatform>();
        services.AddSingleton<IRobotPlatform, FeishuPlatform>();
        services.AddSingleton<IRobotPlatform, WebhookPlatform>();
        services.AddSingleton<RobotSecrets>();
        services.AddSingleton<RobotSender>();
        services.AddSingleton<RobotDispatcher>();
        services.AddSingleton<RobotMessageComposer>();
        services.AddScoped<RobotSummaryRun>();
        services.AddScoped<GroupRobotAdministration>();
        return services;
    }
}
