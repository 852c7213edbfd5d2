namespace Rectify.Web.Hosting;

public static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it when the app starts: a bad value stops
    /// the app with a message naming the key (<see cref="SettingsValidation"/>). The one way options are registered.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IValidateOptions<T>>(new SectionOptionsValidator<T>(section));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }
}
