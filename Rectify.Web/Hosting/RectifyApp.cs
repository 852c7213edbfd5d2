using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Rectify.Web.Backup;
using Rectify.Web.Bulletins;
using Rectify.Web.Components;
using Rectify.Web.Components.Account;
using Rectify.Web.Evidence;
using Rectify.Web.Jobs;
using Rectify.Web.LedgerIO;
using Rectify.Web.Robots;
using Rectify.Web.Operations;

namespace Rectify.Web.Hosting;

/// <summary>The composition root: every service and the request pipeline, in one place.</summary>
public static class RectifyApp
{
    public static readonly CultureInfo[] SupportedCultures = [new("zh-CN"), new("en-US")];

    public static WebApplicationBuilder AddRectify(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Rectify, Database, Jobs and Backup: bound and validated once, before anything is registered (a bad value stops here).
        var settings = StartupSettings.Of(services, configuration, builder.Environment.ContentRootPath);
        services.AddSingleton(TimeProvider.System);

        // Chinese text is written as characters, not &#x...; entities: smaller pages, readable source.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddBootstrapBlazor(
            options => options.DefaultCultureInfo = "zh-CN",
            json => json.IgnoreLocalizerMissing = false);
        services.AddLocalization();
        services.AddSingleton<TextCatalog>();
        services.AddSingleton<IStringLocalizer<Text>>(sp => new TextLocalizer(sp.GetRequiredService<TextCatalog>()));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            // Only the user's explicit choice (cookie) changes the language; the browser's Accept-Language does not.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });

        services.AddRectifyData(configuration, builder.Environment.ContentRootPath);
        services.AddScoped<Seeder>();
        services.AddRectifyLedger();
        services.AddRectifyBackup(configuration, builder.Environment.ContentRootPath);
        services.AddRectifyDataProtection(configuration, builder.Environment);
        services.AddRectifyMail(configuration).AddRectifyJobs(configuration, builder.Environment.ContentRootPath, q => q.AddMaintenanceJobs(settings.Backup, settings.Zone));
        services.AddRectifyEvidence(configuration);
        services.AddRectifyLedgerIO(configuration);
        services.AddRectifyOperations(configuration);
        services.AddRectifyBulletins(configuration);
        services.AddRectifyRobots(configuration);

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<PasswordSignIn>();
        services.AddRectifySignInRateLimit(configuration);
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 8;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<RectifyDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Cookie.Name = "Rectify.Auth";
            // Every request is checked against the database (cached for seconds), not every 30 minutes: decision 0015.
            o.Events.OnValidatePrincipal = SessionValidator.ValidatePrincipalAsync;
        });
        services.AddSingleton<UserStateCache>();

        return builder;
    }

    public static WebApplication UseRectify(this WebApplication app)
    {
        // Behind nginx (deploy/nginx-rectify.conf): take the scheme and client address from X-Forwarded-Proto/-For, so
        // redirects say https:// when TLS ends at nginx. Only from a proxy on this machine (the defaults trust loopback
        // alone); a header sent by anyone else is ignored.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.UseRectifySecurityHeaders();
        app.UseRateLimiter(); // sign-in attempts per client address (SignInRateLimit), after the forwarded headers
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
        // Explicit, after the forwarded headers: left to WebApplication they would be added at the very start of the
        // pipeline, and a sign-in redirect would be built before the scheme from nginx is applied.
        app.UseAuthentication();
        app.UseFirstPasswordChange();
        app.UseAuthorization();
        app.UseRectifyOperations();
        app.UseAntiforgery();

        app.MapStaticAssets();
        // ... and without the browser's context takeover either: no zlib inflater kept per circuit (decision 0064).
        app.UseCircuitClientNoContextTakeover();
        // WebSocket compression stays on, but without the server's context takeover: .NET then releases the zlib deflater after
        // each message instead of keeping a few hundred KB of native zlib state per open circuit (decision 0040).
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ConfigureWebSocketAcceptContext = (_, accept) =>
        {
            accept.DisableServerContextTakeover = true;
            return Task.CompletedTask;
        });
        app.MapAccountEndpoints();
        app.MapCultureEndpoint();
        app.MapEvidenceEndpoints();
        app.MapLedgerIO();
        app.MapBulletins();
        app.MapMemoryDiagnostics();
        app.MapRectifyHealth();
        return app;
    }
}
