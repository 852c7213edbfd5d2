using System.Net.Mail;
using Rectify.Web.Hosting;

namespace Rectify.Web.Mail;

/// <summary>
/// The embedded default when no SMTP host is configured: each message becomes an .eml file in the pickup folder
/// ({DataFolder}/mail-pickup unless Mail:PickupFolder says otherwise), which any mail client opens and a relay can pick up.
/// </summary>
public sealed class PickupFolderMailTransport : IMailTransport
{
    private readonly MailOptions _options;

    public PickupFolderMailTransport(MailOptions options, string folder)
    {
        _options = options;
        Folder = folder;
    }

    public string Folder { get; }

    public string Description => $"pickup folder {Folder}";

    public static string ResolveFolder(MailOptions mail, RectifyOptions rectify, string contentRoot) =>
        Path.IsPathRooted(mail.PickupFolder)
            ? mail.PickupFolder
            : Path.GetFullPath(Path.Combine(rectify.ResolveDataFolder(contentRoot), mail.PickupFolder));

    public IMailBatch OpenBatch()
    {
        Directory.CreateDirectory(Folder);
        return new Batch(new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = Folder,
        }, _options);
    }

    private sealed class Batch(SmtpClient client, MailOptions options) : IMailBatch
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            using var message = MailMessageBuilder.Build(options, mail);
            await client.SendMailAsync(message, cancellationToken);
        }

        public void Dispose() => client.Dispose();
    }
}
