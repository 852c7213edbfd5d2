using System.ComponentModel.DataAnnotations;

namespace Rectify.Web.Identity;

/// <summary>
/// The "SignInLimits" section: how many sign-in attempts one client address may make in a sliding window. Per account,
/// Identity's lockout applies as well (5 wrong passwords lock the account for 15 minutes). Validated at start.
/// </summary>
public sealed class SignInLimitOptions
{
    public const string Section = "SignInLimits";

    /// <summary>Sign-in attempts (form posts, right or wrong) allowed from one address per window.</summary>
    [Range(1, 1_000_000)]
    public int AttemptsPerAddress { get; set; } = 30;

    /// <summary>The sliding window, in seconds.</summary>
    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 300;
}
