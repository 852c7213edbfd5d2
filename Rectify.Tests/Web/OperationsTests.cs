using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rectify.Tests.Support;
using Rectify.Web.Jobs;
using Rectify.Web.Mail;
using Rectify.Web.Operations;
using Shouldly;
using Xunit;

namespace Rectify.Tests.Web;

/// <summary>What an operator's load balancer and Prometheus see: /health/live, /health/ready and /metrics over real HTTP.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task Live_and_ready_answer_anonymously_with_each_dependency_named()
    {
        using var app = new RectifyFactory();
        using var http = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };

        var live = await http.GetAsync(OperationsServiceCollectionExtensions.LivePath);
        live.StatusCode.ShouldBe(HttpStatusCode.OK);

        var ready = await http.GetAsync(OperationsServiceCollectionExtensions.ReadyPath);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var checks = await ChecksAsync(ready);
        checks.Keys.Order().ShouldBe(["database", "evidence", "mail", "scheduler"]);
        checks.Values.ShouldAllBe(status => status == "Healthy");
    }

    [Fact]
    public async Task Ready_fails_and_names_the_mail_server_when_it_is_unreachable()
    {
        using var app = new RectifyFactory().With("Mail:Host", "127.0.0.1").With("Mail:Port", ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var http = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };

        var ready = await http.GetAsync(OperationsServiceCollectionExtensions.ReadyPath);

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var checks = await ChecksAsync(ready);
        checks["mail"].ShouldBe("Unhealthy");
        checks["database"].ShouldBe("Healthy");
        (await http.GetAsync(OperationsServiceCollectionExtensions.LivePath)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Ready_fails_when_the_evidence_folder_cannot_take_files()
    {
        using var app = new RectifyFactory();
        using var http = new HttpClient { BaseAddress = new Uri(app.StartKestrel()) };
        var root = app.Services.GetRequiredService<Rectify.Web.Evidence.EvidenceStore>().Root;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        await File.WriteAllTextAsync(root, "a file where the evidence folder should be");

        var ready = await http.GetAsync(OperationsServiceCollectionExtensions.ReadyPath);

        ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await ChecksAsync(ready))["evidence"].ShouldBe("Unhealthy");
    }

    [Fact]
    public async Task Metrics_after_some_traffic_carry_page_durations_circuits_outbox_and_job_series()
    {
        using var app = new RectifyFactory().With("Jobs:Enabled", "true").With("Jobs:DispatchOutboxSeconds", "3600");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.StartKestrel()) };
        var cookies = await HttpSignIn.CookiesAsync(http, "admin");
        using (var list = new HttpRequestMessage(HttpMethod.Get, "/items?due=Overdue"))
        {
            list.Headers.Add("Cookie", cookies);
            (await http.SendAsync(list)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using (var db = app.CreateDbContext())
        {
            db.Set<OutboxMessage>().Add(OutboxMessage.Create("metrics:" + Guid.NewGuid().ToString("N"), "Test", "x", "someone@example.org", "某人", "测试", "正文", "<p>正文</p>", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var jobs = app.Services.GetRequiredService<JobControl>();
        await jobs.TriggerNowAsync(JobKeys.Reminders);
        await jobs.TriggerNowAsync(JobKeys.OutboxDispatch);

        // The jobs run on the scheduler's threads: read the metrics until both runs and the message sent are counted (bounded).
        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            text = await http.GetStringAsync(OperationsServiceCollectionExtensions.MetricsPath);
            if (text.Contains("job_name=\"outbox-dispatch\"", StringComparison.Ordinal) && text.Contains("job_name=\"reminders\"", StringComparison.Ordinal)
                && text.Contains("rectify_outbox_send_duration_seconds_count{", StringComparison.Ordinal)
                && text.Contains("rectify_health_check_status{", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }

        text.ShouldContain("http_server_request_duration_seconds_bucket{");
        text.ShouldContain("http_route=\"/items\"");
        // Present before any circuit opened (0), so that an alert or a graph never sees it missing.
        text.ShouldContain("rectify_circuits_open");
        text.ShouldContain("rectify_outbox_depth");
        text.ShouldContain("rectify_outbox_oldest_due_age_seconds");
        text.ShouldContain("rectify_outbox_failed");
        text.ShouldContain("rectify_job_runs_total{");
        // job_name, not job: Prometheus keeps `job` for the scrape job and would rename the app's label to exported_job.
        text.ShouldContain("job_name=\"outbox-dispatch\"");
        text.ShouldContain("job_name=\"reminders\"");
        text.ShouldContain("outcome=\"succeeded\"");
        text.ShouldContain("rectify_job_duration_seconds_bucket{");
        // Per message: how long the mail transport took to take it (the run's duration above includes idle runs).
        text.ShouldContain("rectify_outbox_send_duration_seconds_bucket{");
        text.ShouldContain("outcome=\"accepted\"");
        // Readiness as a series, for an alert without a blackbox prober: 1 per check that /health/ready finds healthy.
        var health = text.Split('\n').Where(l => l.StartsWith("rectify_health_check_status{", StringComparison.Ordinal)).ToList();
        health.ShouldContain(l => l.Contains("check=\"database\"", StringComparison.Ordinal) && l.Split("} ")[1].StartsWith("1", StringComparison.Ordinal));
        health.ShouldContain(l => l.Contains("check=\"mail\"", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1", "", true)]
    [InlineData("::1", "", true)]
    [InlineData("::ffff:127.0.0.1", "", true)]
    [InlineData("10.1.2.3", "", false)]
    [InlineData("10.1.2.3", "10.0.0.0/8", true)]
    [InlineData("192.168.1.9", "10.0.0.0/8", false)]
    public void Metrics_are_read_from_loopback_and_the_configured_networks_only(string remote, string networks, bool allowed)
    {
        var options = new OperationsOptions { MetricsAllowedNetworks = networks.Length == 0 ? [] : [networks] };
        options.MayReadMetrics(IPAddress.Parse(remote)).ShouldBe(allowed);
    }

    [Fact]
    public void A_malformed_metrics_network_stops_the_app_with_the_key_named()
    {
        using var app = new RectifyFactory().With("Operations:MetricsAllowedNetworks:0", "10.0.0.0/33");
        var failure = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => app.CreateClient());
        failure.Message.ShouldContain("Operations:MetricsAllowedNetworks");
    }

    [Fact]
    public async Task Log_lines_written_during_a_request_carry_the_signed_in_user()
    {
        var capture = new ScopeCapture();
        using var app = new LoggingFactory(capture);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.StartKestrel()) };
        var cookies = await HttpSignIn.CookiesAsync(http, "leader");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/items");
        request.Headers.Add("Cookie", cookies);
        (await http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);

        capture.Lines.ShouldContain(line => line.Category == "Microsoft.AspNetCore.Routing.EndpointMiddleware"
            && line.Scopes.Contains("User=leader") && line.Scopes.Contains("[User:leader]") && line.Scopes.Contains("RequestPath=/items"));
    }

    private static async Task<Dictionary<string, string>> ChecksAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("checks").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("status").GetString()!);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class LoggingFactory(ScopeCapture capture) : RectifyFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(capture);
                logging.AddFilter<ScopeCapture>("Microsoft.AspNetCore.Routing", LogLevel.Information);
            });
        }
    }

    private sealed record CapturedLine(string Category, string Scopes);

    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public System.Collections.Concurrent.ConcurrentQueue<CapturedLine> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<string>();
                owner._scopes.ForEachScope((scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                    }

                    list.Add($"[{scope}]"); // what the console formatter prints for the scope
                }, scopes);
                owner.Lines.Enqueue(new CapturedLine(category, string.Join(";", scopes)));
            }
        }
    }
}
