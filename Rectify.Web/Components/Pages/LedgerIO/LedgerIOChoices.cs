namespace Rectify.Web.Components.Pages.LedgerIO;

/// <summary>What the import/export page offers in its drop-downs, loaded once per visit.</summary>
public sealed record LedgerIOChoices(
    IReadOnlyList<ListChoice> Lists,
    IReadOnlyList<OrganizationChoice> Organizations,
    IReadOnlyList<PersonOption> Leaders,
    IReadOnlyList<PersonOption> People)
{
    /// <summary>
    /// The choices for <paramref name="access"/>'s user. Administrators pick anyone (by login name, which is unique). Others
    /// only prepare a sheet for an administrator: they get the people of their own organisation and the leaders, by display
    /// name only; other users' login names are none of their business (half of a sign-in).
    /// </summary>
    public static async Task<LedgerIOChoices> LoadAsync(
        IDbContextFactory<RectifyDbContext> dbFactory, OrganizationDirectory organizations, UserDirectory users, AccessContext access,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lists = await db.ProblemLists.AsNoTracking().OrderByDescending(l => l.Date).ThenBy(l => l.Title)
            .Select(l => new ListChoice(l.Id, l.Title, l.Source, l.Date)).ToListAsync(cancellationToken);
        var snapshot = await organizations.GetAsync(cancellationToken);
        var leaders = await users.InRoleAsync(Roles.Leader, cancellationToken);
        var people = (await users.InRoleAsync(Roles.Secretary, cancellationToken))
            .Concat(leaders)
            .Concat(await users.InRoleAsync(Roles.Admin, cancellationToken))
            .DistinctBy(p => p.Id).OrderBy(p => p.DisplayName).ToList();
        var actor = access.Actor;
        if (!actor.IsAdministrator)
        {
            static PersonOption Anonymous(PersonOption p) => p with { UserName = "" };
            leaders = leaders.Select(Anonymous).ToList();
            people = people.Where(p => p.Id == actor.UserId || (actor.OrganizationId is { } own && p.OrganizationId == own))
                .Select(Anonymous).ToList();
        }

        return new LedgerIOChoices(lists, snapshot.All.Select(o => new OrganizationChoice(o.Id, o.Name, o.IsActive)).ToList(), leaders, people);
    }
}
