namespace Rectify.Web.Mail;

/// <summary>How the SMTP connection is secured (Mail:Security). The names are MailKit's SecureSocketOptions that we allow.</summary>
public enum MailSecurity
{
    /// <summary>
    /// Implicit TLS: TLS from the first byte, usually port 465 ("SMTPS"). The setting of Tencent Exmail, Alibaba Mail, NetEase
    /// and Coremail-based 政务邮箱, and the port that cloud hosts leave open when they block 25.
    /// </summary>
    SslOnConnect,

    /// <summary>Plain connect, then upgrade with STARTTLS before AUTH and DATA (ports 587 and 25). The server must offer it.</summary>
    StartTls,

    /// <summary>No encryption at all: a relay on the same machine or a trusted network only. AUTH would travel in the clear.</summary>
    None,
}
