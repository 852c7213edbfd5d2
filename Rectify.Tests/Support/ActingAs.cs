using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Domain.Access;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

namespace Rectify.Tests.Support;

/// <summary>
/// Services as a signed-in user's circuit sees them: a scope whose authentication state is that user's principal,
/// built by the app's own claims factory (roles, organisation, top-leader claim), so the services' own checks run.
/// </summary>
public static class ActingAs
{
    public static async Task<AsyncServiceScope> ScopeAsAsync(this RectifyFactory app, string userName)
    {
        var scope = app.Services.CreateAsyncScope();
        var principal = await PrincipalAsync(scope.ServiceProvider, userName);
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    /// <summary>The user's access context as a fresh sign-in would build it (assignments read from the database).</summary>
    public static async Task<AccessContext> AccessAsync(this RectifyFactory app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var principal = await PrincipalAsync(scope.ServiceProvider, userName);
        return (await scope.ServiceProvider.GetRequiredService<ActorFactory>().CreateAsync(principal))!;
    }

    /// <summary>The principal a sign-in of the user would carry now (keep it to act later as an open page that outlived a change).</summary>
    public static async Task<System.Security.Claims.ClaimsPrincipal> SignInPrincipalAsync(this RectifyFactory app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await PrincipalAsync(scope.ServiceProvider, userName);
    }

    /// <summary>A scope acting as an open page (circuit) whose authentication state is <paramref name="principal"/>.</summary>
    public static AsyncServiceScope ScopeAs(this RectifyFactory app, System.Security.Claims.ClaimsPrincipal principal)
    {
        var scope = app.Services.CreateAsyncScope();
        var authentication = (IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        authentication.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return scope;
    }

    public static T Get<T>(this AsyncServiceScope scope)
        where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    private static async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(IServiceProvider services, string userName)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(userName) ?? throw new InvalidOperationException($"No user '{userName}'.");
        return await services.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
    }
}
