namespace Rectify.Web.Robots;

/// <summary>One chat platform: how a message becomes its signed HTTP request, and what its answers mean.</summary>
public interface IRobotPlatform
{
    RobotPlatform Platform { get; }

    /// <summary>The request for <paramref name="message"/>, signed for <paramref name="now"/> when the robot has a secret.</summary>
    HttpRequestMessage Build(RobotTarget target, RobotMessage message, DateTimeOffset now);

    /// <summary>The outcome of an HTTP answer (status and body).</summary>
    RobotAnswer Interpret(int httpStatus, string body);
}
