using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;

namespace Rectify.Domain.Access;

/// <summary>
/// Who may do what to a rectification item. The aggregate enforces these; the UI uses them to show or hide actions.
/// </summary>
public static class ItemAccess
{
    /// <summary>
    /// Administrators and the top leader read everything; leaders read their assigned organisations and their descendants;
    /// secretaries read their own organisation and its descendants. Anyone named on an item (owner, responsible leader,
    /// measure owner) reads that item whatever their role.
    /// </summary>
    public static ItemReadScope ReadScope(Actor actor, OrganizationTree organizations)
    {
        if (actor.IsAdministrator || actor.IsTopLeader)
        {
            return new ItemReadScope(true, new HashSet<int>(), actor.UserId);
        }

        var ids = new HashSet<int>();
        if (actor.IsLeader)
        {
            foreach (var assigned in actor.AssignedOrganizationIds)
            {
                ids.UnionWith(organizations.SelfAndDescendantsOf(assigned));
            }
        }

        if (actor.IsSecretary && actor.OrganizationId is int own)
        {
            ids.UnionWith(organizations.SelfAndDescendantsOf(own));
        }

        return new ItemReadScope(false, ids, actor.UserId);
    }

    public static bool CanRead(Actor actor, RectificationItem item, OrganizationTree organizations)
    {
        var scope = ReadScope(actor, organizations);
        return scope.All
            || scope.OrganizationIds.Contains(item.ResponsibleOrganizationId)
            || IsNamedOn(actor, item);
    }

    /// <summary>Write progress, attach evidence, manage measures, ask for sign-off or more time:
    /// the owner, a secretary of the responsible organisation itself, or an administrator.</summary>
    public static bool CanWorkOn(Actor actor, RectificationItem item) =>
        actor.IsAdministrator
        || item.OwnerId == actor.UserId
        || (actor.IsSecretary && actor.OrganizationId == item.ResponsibleOrganizationId);

    /// <summary>Whoever can work on the item, and the measure's own owner for their measure.</summary>
    public static bool CanMarkMeasureDone(Actor actor, RectificationItem item, Measure measure) =>
        CanWorkOn(actor, item) || (measure.OwnerId is not null && measure.OwnerId == actor.UserId);

    /// <summary>Authority to approve or send back a sign-off, decide an extension: the item's responsible leader, a leader assigned
    /// to the responsible organisation or one of its ancestors, the top leader, or an administrator. Whether this person
    /// may decide this request also depends on who did the work: see <see cref="CheckDecideSignOff"/>.</summary>
    public static bool CanDecide(Actor actor, RectificationItem item, OrganizationTree organizations) =>
        actor.IsAdministrator
        || actor.IsTopLeader
        || item.LeaderId == actor.UserId
        || (actor.IsLeader && organizations.IsWithinAny(item.ResponsibleOrganizationId, actor.AssignedOrganizationIds));

    /// <summary>
    /// Separation of duties (整改一件销号一件): may <paramref name="actor"/> approve or send back the item's pending sign-off?
    /// Returns null when they may, else the refusal's code: <c>item.forbidden.decide</c> (no authority over the item),
    /// <c>item.forbidden.own_item</c> (they are its 责任人), <c>item.forbidden.own_request</c> (they asked for it),
    /// <c>item.forbidden.own_work</c> (they reported progress on it since it was last opened or sent back).
    /// An administrator's right to manage is no exception. Does not look at the item's state.
    /// </summary>
    public static string? CheckDecideSignOff(Actor actor, RectificationItem item, OrganizationTree organizations) =>
        CheckDecider(actor, item, organizations, item.SignOffRequestedBy);

    /// <summary>As <see cref="CheckDecideSignOff"/>, for an extension request: its requester never decides it.</summary>
    public static string? CheckDecideExtension(Actor actor, RectificationItem item, ExtensionRequest request, OrganizationTree organizations) =>
        CheckDecider(actor, item, organizations, request.RequestedBy);

    /// <summary>
    /// True when <paramref name="actor"/> wrote a progress report on the item in its current round of work: after its
    /// latest sign-off decision. A send-back starts a new round; so does a reopening, because progress can only be
    /// reported after the approval that a reopening undoes.
    /// </summary>
    public static bool WorkedOnThisRound(Actor actor, RectificationItem item)
    {
        var roundStart = item.SignOffDecisions.Count == 0 ? DateTimeOffset.MinValue : item.SignOffDecisions.Max(d => d.DecidedAt);
        return item.ProgressReports.Any(p => p.AuthorId == actor.UserId && p.CreatedAt > roundStart);
    }

    public static bool CanReopen(Actor actor) => actor.IsAdministrator;

    /// <summary>Change description, owner, leader or deadline directly (bypassing an extension request).</summary>
    public static bool CanEdit(Actor actor) => actor.IsAdministrator;

    /// <summary>Create problem lists and items.</summary>
    public static bool CanCreate(Actor actor) => actor.IsAdministrator;

    private static string? CheckDecider(Actor actor, RectificationItem item, OrganizationTree organizations, string? requestedBy)
    {
        if (!CanDecide(actor, item, organizations))
        {
            return "item.forbidden.decide";
        }

        if (item.OwnerId == actor.UserId)
        {
            return "item.forbidden.own_item";
        }

        if (requestedBy == actor.UserId)
        {
            return "item.forbidden.own_request";
        }

        return WorkedOnThisRound(actor, item) ? "item.forbidden.own_work" : null;
    }

    private static bool IsNamedOn(Actor actor, RectificationItem item) =>
        item.OwnerId == actor.UserId
        || item.LeaderId == actor.UserId
        || item.Measures.Any(m => m.OwnerId == actor.UserId);
}
