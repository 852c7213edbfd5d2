namespace Rectify.Web.Mail;

/// <summary>Which dispatcher sends a message: <see cref="Mail"/> by OutboxDispatcher, <see cref="GroupRobot"/> by Robots.RobotDispatcher.</summary>
public enum OutboxChannel
{
    /// <summary>An e-mail to one person.</summary>
    Mail = 0,

    /// <summary>A message to an organisation's group chat robot; ToAddress is <c>robot:{organisationId}</c>, TextBody the message as JSON.</summary>
    GroupRobot = 1,
}
