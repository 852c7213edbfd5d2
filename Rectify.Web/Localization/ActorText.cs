namespace Rectify.Web.Localization;

/// <summary>Who did something, as the reader sees it (decision 0053).</summary>
public static class ActorText
{
    /// <summary>
    /// The name to show for the actor of an audit entry: the scheduler (<see cref="Actor.System"/>) in the reader's language,
    /// whatever name the entry stored (系统 before decision 0053, the code "system" since); anyone else by the name stored.
    /// </summary>
    public static string ActorName(this IStringLocalizer text, string actorId, string storedName) =>
        actorId == Actor.SystemUserId ? text["Common.SystemActor"] : storedName;
}
