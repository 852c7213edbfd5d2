using Rectify.Web.Hosting;
using System.Text.Json;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace Rectify.Web.Operations;

/// <summary>What an operator of several instances needs: health endpoints for the load balancer, metrics, logs with the user.</summary>
public static class OperationsServiceCollectionExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddRectifyOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<OperationsOptions>(configuration, OperationsOptions.Section);
        services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>("database", tags: ["ready"])
            .AddCheck<SchedulerReadiness>("scheduler", tags: ["ready"])
            .AddCheck<MailTransportReadiness>("mail", tags: ["ready"])
            .AddCheck<EvidenceStoreReadiness>("evidence", tags: ["ready"]);
        services.AddSingleton<ReadinessMetrics>();
        services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<ReadinessMetrics>());
        services.Configure<HealthCheckPublisherOptions>(options =>
        {
            options.Delay = ReadinessMetrics.FirstRun;
            options.Period = ReadinessMetrics.Period;
            options.Predicate = check => check.Tags.Contains("ready");
        });
        services.AddSingleton<CircuitHandler, CircuitMetricsHandler>();
        services.AddSingleton<OutboxGauges>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation()
            .AddMeter(RectifyMetrics.MeterName)
            .AddPrometheusExporter());
        return services;
    }

    public static WebApplication UseRectifyOperations(this WebApplication app)
    {
        RectifyMetrics.ObserveOutbox(app.Services.GetRequiredService<OutboxGauges>());
        RectifyMetrics.ObserveReadiness(app.Services.GetRequiredService<ReadinessMetrics>());
        app.UseMiddleware<RequestLogScope>();
        var options = app.Services.GetRequiredService<IOptions<OperationsOptions>>().Value;
        if (options.MetricsEnabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                context => context.Request.Path == MetricsPath && options.MayReadMetrics(context.Connection.RemoteIpAddress));
        }

        return app;
    }

    public static void MapRectifyHealth(this WebApplication app)
    {
        // Live: the process answers (restart it if not). Ready: it can serve users (take it out of the balancer if not).
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    /// <summary>Status of each check by name, with its short description; never exception text (the endpoint is anonymous).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
