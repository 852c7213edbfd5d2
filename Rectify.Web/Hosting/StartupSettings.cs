using Rectify.Web.Backup;
using Rectify.Web.Jobs;

namespace Rectify.Web.Hosting;

/// <summary>
/// The settings service registration itself needs before the container exists (which database provider, where the data
/// folder is, the Quartz schedules and their time zone). Each of these sections is bound and validated exactly once, here,
/// for a service collection; a bad value stops the app right away with a message naming the key. The same validated
/// instances are what <see cref="IOptions{TOptions}"/> hands out later, so registration and the running app cannot disagree.
/// Every other section is bound with <see cref="OptionsRegistration.AddValidatedOptions{T}"/> and validated at start.
/// </summary>
public sealed class StartupSettings
{
    private StartupSettings(RectifyOptions rectify, DatabaseOptions database, JobsOptions jobs, BackupOptions backup, string contentRoot)
    {
        Rectify = rectify;
        Database = database;
        Jobs = jobs;
        Backup = backup;
        DataFolder = rectify.ResolveDataFolder(contentRoot);
        Zone = rectify.Zone;
    }

    public RectifyOptions Rectify { get; }

    public DatabaseOptions Database { get; }

    public JobsOptions Jobs { get; }

    public BackupOptions Backup { get; }

    /// <summary>Rectify:DataFolder as an absolute path.</summary>
    public string DataFolder { get; }

    /// <summary>Rectify:TimeZone: the zone of "today", deadlines and cron schedules (the same one <c>LedgerClock</c> uses).</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// The settings of this service collection: read, validated and registered the first time, the same instance afterwards
    /// (the data, data-protection and jobs registrations each ask; the sections are bound once).
    /// </summary>
    public static StartupSettings Of(IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.LastOrDefault(d => d.ServiceType == typeof(StartupSettings))?.ImplementationInstance is StartupSettings known)
        {
            return known;
        }

        var settings = new StartupSettings(
            Read<RectifyOptions>(configuration, RectifyOptions.Section),
            Read<DatabaseOptions>(configuration, DatabaseOptions.Section),
            Read<JobsOptions>(configuration, JobsOptions.Section),
            Read<BackupOptions>(configuration, BackupOptions.Section),
            contentRoot);
        services.AddOptions();
        services.AddSingleton(settings);
        Register(services, settings.Rectify);
        Register(services, settings.Database);
        Register(services, settings.Jobs);
        Register(services, settings.Backup);
        return settings;
    }

    private static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names the key and the value ("Failed to convert configuration value 'Oracle' at
            // 'Database:Provider' to type ..."); the inner exception says which values the type takes.
            throw new OptionsValidationException(section, typeof(T), [e.Message + (e.InnerException is null ? "" : " " + e.InnerException.Message)]);
        }

        SettingsValidation.ThrowIfInvalid(options, section);
        return options;
    }

    private static void Register<T>(IServiceCollection services, T instance)
        where T : class
    {
        // IOptions<T>, IOptionsSnapshot<T> and IOptionsMonitor<T> all build their value through the factory.
        services.AddSingleton<IOptionsFactory<T>>(new InstanceFactory<T>(instance));
    }

    private sealed class InstanceFactory<T>(T instance) : IOptionsFactory<T>
        where T : class
    {
        public T Create(string name) => instance;
    }
}
