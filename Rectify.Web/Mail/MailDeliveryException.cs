namespace Rectify.Web.Mail;

/// <summary>
/// A send that failed, with what kind of failure it was (<see cref="Failure"/>) and a message that names the server and quotes
/// its reply. The inner exception is MailKit's (or the socket's) original.
/// </summary>
public sealed class MailDeliveryException : Exception
{
    public MailDeliveryException()
    {
    }

    public MailDeliveryException(string message)
        : base(message)
    {
    }

    public MailDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MailDeliveryException(MailFailure failure, string message, Exception? innerException)
        : base(message, innerException)
    {
        Failure = failure;
    }

    public MailFailure Failure { get; } = MailFailure.ServerUnavailable;

    /// <summary>For <see cref="MailFailure.RecipientRefused"/>: the address the server refused.</summary>
    public string? Recipient { get; init; }
}
