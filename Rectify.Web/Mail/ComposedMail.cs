namespace Rectify.Web.Mail;

/// <summary>A composed mail: subject, plain text and HTML (user text already encoded in the HTML).</summary>
public sealed record ComposedMail(string Subject, string Text, string Html);
