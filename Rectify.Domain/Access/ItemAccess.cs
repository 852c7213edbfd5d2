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

    /// <summary>Approve or send back a sign-off, decide an extension: the item's responsible leader, a leader assigned
    /// to the responsible organisation or one of its ancestors, the top leader, or an administrator.</summary>
    public static bool CanDecide(Actor actor, RectificationItem item, OrganizationTree organizations) =>
        actor.IsAdministrator
        || actor.IsTopLeader
        || item.LeaderId == actor.UserId
        || (actor.IsLeader && organizations.IsWithinAny(item.ResponsibleOrganizationId, actor.AssignedOrganizationIds));

    public static bool CanReopen(Actor actor) => actor.IsAdministrator;

    /// <summary>Change description, owner, leader or deadline directly (bypassing an extension request).</summary>
    public static bool CanEdit(Actor actor) => actor.IsAdministrator;

    /// <summary>Create problem lists and items.</summary>
    public static bool CanCreate(Actor actor) => actor.IsAdministrator;

    private static bool IsNamedOn(Actor actor, RectificationItem item) =>
        item.OwnerId == actor.UserId
        || item.LeaderId == actor.UserId
        || item.Measures.Any(m => m.OwnerId == actor.UserId);
}
