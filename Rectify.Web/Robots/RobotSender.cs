namespace Rectify.Web.Robots;

/// <summary>
/// Sends one message to one robot and says what the platform answered: decrypts the address and secret, builds the platform's
/// signed request, posts it (no redirects, Robots:TimeoutSeconds) and interprets the answer. Used by the dispatcher and by the
/// settings page's test button; never throws for a network or platform error.
/// </summary>
public sealed class RobotSender(IHttpClientFactory clients, IEnumerable<IRobotPlatform> platforms, RobotSecrets secrets, TimeProvider time, IOptions<RobotOptions> options, ILogger<RobotSender> logger)
{
    public const string ClientName = "GroupRobots";

    private readonly Dictionary<RobotPlatform, IRobotPlatform> _platforms = platforms.ToDictionary(p => p.Platform);

    public async Task<RobotAnswer> SendAsync(GroupRobot robot, RobotMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(robot);
        ArgumentNullException.ThrowIfNull(message);
        var address = secrets.TryUnprotect(robot.ProtectedAddress);
        var secret = robot.ProtectedSecret is null ? null : secrets.TryUnprotect(robot.ProtectedSecret);
        if (address is null || (robot.ProtectedSecret is not null && secret is null))
        {
            return new RobotAnswer(RobotOutcome.Refused, "key ring", "The stored address or secret cannot be decrypted (the Data Protection key ring changed): enter them again on the group robot page.");
        }

        var platform = _platforms[robot.Platform];
        using var request = platform.Build(new RobotTarget(robot.Platform, address, secret), message, time.GetUtcNow());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            var answer = platform.Interpret((int)response.StatusCode, body);
            if (answer.Outcome == RobotOutcome.RateLimited && response.Headers.RetryAfter?.Delta is { } delta && delta > (answer.RetryAfter ?? TimeSpan.Zero))
            {
                answer = answer with { RetryAfter = delta };
            }

            return answer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RobotAnswer(RobotOutcome.Failed, "timeout", $"No answer within {options.Value.TimeoutSeconds} s.");
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Group robot of organisation {Organization} ({Platform}) unreachable: {Error}", robot.OrganizationId, robot.Platform, ex.Message);
            return new RobotAnswer(RobotOutcome.Failed, "network", ex.Message);
        }
    }
}
