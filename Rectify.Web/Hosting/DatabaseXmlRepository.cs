using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Rectify.Web.Data;

namespace Rectify.Web.Hosting;

/// <summary>A Data Protection key, stored in the application's database.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string FriendlyName { get; set; } = "";

    public string Xml { get; set; } = "";
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

/// <summary>
/// Keeps the Data Protection key ring (which protects sign-in cookies, antiforgery tokens and ProtectedLocalStorage) in the
/// database, so every app instance reads the same keys and users stay signed in whichever instance serves them.
/// Kept in place of Microsoft.AspNetCore.DataProtection.EntityFrameworkCore, whose repository saves with the synchronous
/// SaveChanges that <see cref="RectifyDbContext"/> refuses (docs/decisions/0011-data-protection-key-ring.md). What it stores
/// is encrypted under the operator's key (<see cref="KeyRingEncryption"/>).
/// </summary>
public sealed class DatabaseXmlRepository(IDbContextFactory<RectifyDbContext> dbFactory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        return db.Set<DataProtectionKey>().AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).ToList().Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = dbFactory.CreateDbContext();
        // The interface is synchronous: a synchronous INSERT, not SaveChangesAsync().GetAwaiter().GetResult() (RectifyDbContext
        // forbids sync SaveChanges to protect its audit hook, which keys do not need; blocking on async here can starve).
        db.Database.ExecuteSqlRaw(
            "INSERT INTO \"DataProtectionKeys\" (\"FriendlyName\", \"Xml\") VALUES ({0}, {1})",
            friendlyName, element.ToString(SaveOptions.DisableFormatting));
    }
}

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
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataFolder = (configuration.GetSection(RectifyOptions.Section).Get<RectifyOptions>() ?? new RectifyOptions()).ResolveDataFolder(contentRoot);
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
