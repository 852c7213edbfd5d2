using Microsoft.AspNetCore.Identity;

namespace Rectify.Web.Identity;

/// <summary>
/// Signs in with user name and password without telling a stranger anything about the account: whether it exists, is
/// deactivated or is locked is said only once the password is right. An unknown user name costs the same password-hash
/// check as a known one, so the time of the answer does not tell either. Wrong passwords still count toward Identity's
/// lockout (5 → 15 minutes).
/// </summary>
public sealed class PasswordSignIn(UserManager<AppUser> users, SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher)
{
    // A hash of a random password made by the configured hasher (same algorithm and iteration count as real ones).
    private static string? _decoyHash;

    public async Task<SignInOutcome> SignInAsync(string userName, string password, bool persistent)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            var decoy = new AppUser();
            _decoyHash ??= hasher.HashPassword(decoy, Guid.NewGuid().ToString("N"));
            hasher.VerifyHashedPassword(decoy, _decoyHash, password);
            return SignInOutcome.Failed;
        }

        var lockedOut = await users.IsLockedOutAsync(user);
        if (!await users.CheckPasswordAsync(user, password))
        {
            if (!lockedOut && await users.GetLockoutEnabledAsync(user))
            {
                await users.AccessFailedAsync(user);
            }

            return SignInOutcome.Failed;
        }

        if (!user.IsActive)
        {
            return SignInOutcome.Inactive;
        }

        if (lockedOut)
        {
            return SignInOutcome.LockedOut;
        }

        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, persistent);
        return SignInOutcome.SignedIn;
    }
}
