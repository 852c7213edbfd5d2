namespace Rectify.Web.Admin;

/// <summary>
/// The server-side check behind every administration action: the circuit's user must hold the administrator role in
/// their sign-in, and still be an active administrator in the database (a demoted or deactivated administrator whose
/// page is still open cannot keep acting until the cookie is revalidated).
/// </summary>
public sealed class AdminGuard(ActorAccessor actors, IDbContextFactory<RectifyDbContext> dbFactory, IStringLocalizer<Text> text)
{
    /// <summary>The refusal when <see cref="RequireAsync"/> found no administrator, in the requester's language.</summary>
    public CommandResult Forbidden() => text.Forbidden("Admin.Forbidden");

    /// <summary>The administrator's access context, or null when the current user may not administer.</summary>
    public async Task<AccessContext?> RequireAsync(CancellationToken cancellationToken = default)
    {
        AccessContext access;
        try
        {
            access = await actors.GetAsync(cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (!access.Actor.IsAdministrator)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var userId = access.Actor.UserId;
        var stillAdmin = await db.Users.AnyAsync(
            u => u.Id == userId && u.IsActive
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)),
            cancellationToken);
        return stillAdmin ? access : null;
    }
}
