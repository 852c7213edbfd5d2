using Rectify.Web.Hosting;

namespace Rectify.Web.Mail;

public static class MailServiceCollectionExtensions
{
    /// <summary>
    /// Mail: validated options, the transport the configuration chooses (SMTP with Mail:Host, else the pickup folder),
    /// the outbox (enqueue in the caller's transaction) and its dispatcher.
    /// </summary>
    public static IServiceCollection AddRectifyMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<MailOptions>(configuration, MailOptions.Section);
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
            : new PickupFolderMailTransport(
                sp.GetRequiredService<IOptions<MailOptions>>().Value,
                PickupFolderMailTransport.ResolveFolder(
                    sp.GetRequiredService<IOptions<MailOptions>>().Value,
                    sp.GetRequiredService<IOptions<RectifyOptions>>().Value,
                    sp.GetRequiredService<IHostEnvironment>().ContentRootPath),
                sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Outbox>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<OutboxDispatcher>();
        return services;
    }
}
