namespace Rectify.Web.Identity;

/// <summary>What a sign-in attempt came to; the login page turns it into a message.</summary>
public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown user or wrong password, whatever state the account is in: one answer for all.</summary>
    Failed,

    /// <summary>The password is right but the account is deactivated.</summary>
    Inactive,

    /// <summary>The password is right but the account is locked after too many wrong ones.</summary>
    LockedOut,
}
