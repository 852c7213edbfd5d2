using System.Text;
using MimeKit;
using Rectify.Web.Hosting;

namespace Rectify.Web.Mail;

/// <summary>
/// The embedded default when no SMTP host is configured: each message becomes an .eml file in the pickup folder
/// ({DataFolder}/mail-pickup unless Mail:PickupFolder says otherwise), which any mail client opens and a relay can pick up.
/// </summary>
/// <remarks>
/// The file starts with X-Sender and X-Receiver lines (the envelope, as pickup-directory relays expect them, and as
/// System.Net.Mail wrote them), then the message as MimeKit writes it (<see cref="MimeMessage.WriteTo(FormatOptions, Stream, CancellationToken)"/>),
/// prepared for 7bit (a relay may not take 8bit). It is written under a temporary name and renamed, so a relay never picks up
/// half a file.
/// </remarks>
public sealed class PickupFolderMailTransport(MailOptions options, string folder, TimeProvider time) : IMailTransport
{
    private static readonly FormatOptions Crlf = CreateCrlf();

    private readonly MailOptions _options = options;
    private readonly TimeProvider _time = time;

    public string Folder { get; } = folder;

    public string Description => $"pickup folder {Folder}";

    public static string ResolveFolder(MailOptions mail, RectifyOptions rectify, string contentRoot) =>
        Path.IsPathRooted(mail.PickupFolder)
            ? mail.PickupFolder
            : Path.GetFullPath(Path.Combine(rectify.ResolveDataFolder(contentRoot), mail.PickupFolder));

    public IMailBatch OpenBatch()
    {
        Directory.CreateDirectory(Folder);
        return new Batch(this);
    }

    private static FormatOptions CreateCrlf()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos; // as on the wire, whatever the OS
        return format;
    }

    private sealed class Batch(PickupFolderMailTransport owner) : IMailBatch
    {
        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            var message = MimeMessageFactory.Create(owner._options, mail, owner._time.GetUtcNow());
            message.Prepare(EncodingConstraint.SevenBit);
            var envelope = Encoding.ASCII.GetBytes(
                $"X-Sender: {message.From.Mailboxes.First().Address}\r\nX-Receiver: {message.To.Mailboxes.First().Address}\r\n");
            var name = Guid.NewGuid().ToString("N");
            var temporary = Path.Combine(owner.Folder, name + ".tmp");
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await file.WriteAsync(envelope, cancellationToken);
                await message.WriteToAsync(Crlf, file, cancellationToken);
            }

            File.Move(temporary, Path.Combine(owner.Folder, name + ".eml"));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
