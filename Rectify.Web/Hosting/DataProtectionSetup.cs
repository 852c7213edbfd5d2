using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;

namespace Rectify.Web.Hosting;

public static class DataProtectionSetup
{
    /// <summary>
    /// Where the key ring lives: with PostgreSQL (the multi-instance setup) in the database every instance shares; with
    /// SQLite in DataFolder/keys beside the database file. Not in SQLite itself: a key is sometimes created in the middle of
    /// another transaction (e.g. a password-reset token during a user update), and SQLite's single writer would then wait
    /// for itself. Instances sharing a SQLite database share its data folder, so they share the keys too.
    /// Either way every key is stored encrypted under DataProtection:KeyEncryptionKey (<see cref="KeyRingEncryption"/>);
    /// outside Development the app does not start without it.
    /// </summary>
    public static IServiceCollection AddRectifyDataProtection(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var contentRoot = environment.ContentRootPath;
        var builder = services.AddDataProtection().SetApplicationName("Rectify");
        var settings = StartupSettings.Of(services, configuration, contentRoot);
        var database = settings.Database;
        var dataFolder = settings.DataFolder;
        var encryption = KeyRingEncryption.From(configuration, environment, dataFolder);
        services.AddSingleton(encryption);
        services.Configure<KeyManagementOptions>(o => o.XmlEncryptor = new AesGcmXmlEncryptor(encryption));
        if (database.Provider == DatabaseProvider.Postgres)
        {
            services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new Microsoft.Extensions.Options.ConfigureOptions<KeyManagementOptions>(o =>
                o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IDbContextFactory<RectifyDbContext>>())));
        }
        else
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        }

        return services;
    }
}
