namespace Rectify.Web.Mail;

/// <summary>
/// One message to one recipient, ready for a transport. <paramref name="MessageId"/> is the RFC 5322 Message-ID
/// (with angle brackets), stable per idempotency key so that a message sent twice is recognisably the same message.
/// </summary>
public sealed record OutgoingMail(
    string ToAddress,
    string ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    string MessageId);
