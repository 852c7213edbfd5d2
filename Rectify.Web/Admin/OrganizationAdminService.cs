using Rectify.Domain;

namespace Rectify.Web.Admin;

/// <summary>
/// 组织管理: create, rename, move, deactivate and activate organisations. Administrators only (checked here, not only in
/// the page). Every change writes an <see cref="AuditEntry"/> in the same transaction and refreshes the cached tree.
/// </summary>
public sealed class OrganizationAdminService(
    IDbContextFactory<RectifyDbContext> dbFactory, AdminGuard guard, OrganizationDirectory directory, LedgerClock clock, IStringLocalizer<Text> text)
{
    /// <summary>All organisations, inactive ones included, parents before their children.</summary>
    public async Task<CommandResult<IReadOnlyList<OrganizationNode>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var all = await db.Organizations.AsNoTracking().ToListAsync(cancellationToken);
        var members = await db.Users.Where(u => u.OrganizationId != null)
            .GroupBy(u => u.OrganizationId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var tree = new OrganizationTree(all);
        var result = new List<OrganizationNode>();
        var seen = new HashSet<int>();

        void Walk(Organization org, int depth)
        {
            if (!seen.Add(org.Id))
            {
                return;
            }

            result.Add(new OrganizationNode(org.Id, org.Name, org.Level, org.ParentId, org.IsActive, depth, members.GetValueOrDefault(org.Id)));
            foreach (var child in tree.ChildrenOf(org.Id).OrderBy(c => c.Level).ThenBy(c => c.Id))
            {
                Walk(child, depth + 1);
            }
        }

        foreach (var root in all.Where(o => o.ParentId is null || !tree.Contains(o.ParentId.Value)).OrderBy(o => o.Level).ThenBy(o => o.Id))
        {
            Walk(root, 0);
        }

        // Anything left is in a cycle of bad data: show it flat rather than hide it.
        foreach (var org in all.Where(o => !seen.Contains(o.Id)).OrderBy(o => o.Id))
        {
            Walk(org, 0);
        }

        return CommandResult<IReadOnlyList<OrganizationNode>>.Ok(result);
    }

    public async Task<CommandResult<int>> CreateAsync(string name, OrganizationLevel level, int? parentId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        if (!Enum.IsDefined(level))
        {
            return text.Invalid("Admin.Org.LevelRequired");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            Organization? parent = null;
            if (parentId is int pid && (parent = await db.Organizations.FindAsync([pid], cancellationToken)) is null)
            {
                return text.Invalid("Admin.Org.ParentUnknown");
            }

            var org = Organization.Create(name, level, parent);
            if (await NameTakenAsync(db, org.Name, org.ParentId, null, cancellationToken))
            {
                return text.Invalid("Admin.Org.DuplicateName");
            }

            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            db.Organizations.Add(org);
            await db.SaveChangesAsync(cancellationToken);
            db.AuditEntries.Add(AdminAudit.Entry(AdminAudit.Organization, Id(org), AdminAudit.OrganizationCreated, access.Actor, clock.Now, null,
                new Dictionary<string, object?> { ["name"] = org.Name, ["level"] = org.Level, ["parentId"] = org.ParentId }));
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            directory.Invalidate();
            return CommandResult<int>.Ok(org.Id);
        }
        catch (DomainException e)
        {
            return text.Refusal(e);
        }
    }

    public Task<CommandResult> RenameAsync(int id, string name, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, async (db, org, access, ct) =>
        {
            var before = org.Name;
            org.Rename(name);
            if (org.Name == before)
            {
                return null;
            }

            if (await NameTakenAsync(db, org.Name, org.ParentId, org.Id, ct))
            {
                return text.Invalid("Admin.Org.DuplicateName");
            }

            db.AuditEntries.Add(AdminAudit.Entry(AdminAudit.Organization, Id(org), AdminAudit.OrganizationRenamed, access.Actor, clock.Now,
                new Dictionary<string, object?> { ["name"] = before }, new Dictionary<string, object?> { ["name"] = org.Name }));
            return null;
        }, cancellationToken);

    /// <param name="newParentId">null: make it a root (党委/党组 level organisations usually are).</param>
    public Task<CommandResult> MoveAsync(int id, int? newParentId, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, async (db, org, access, ct) =>
        {
            var before = org.ParentId;
            if (before == newParentId)
            {
                return null;
            }

            var all = await db.Organizations.ToListAsync(ct);
            Organization? parent = null;
            if (newParentId is int pid && (parent = all.SingleOrDefault(o => o.Id == pid)) is null)
            {
                return text.Invalid("Admin.Org.ParentUnknown");
            }

            org.MoveTo(parent, new OrganizationTree(all));
            if (await NameTakenAsync(db, org.Name, org.ParentId, org.Id, ct))
            {
                return text.Invalid("Admin.Org.DuplicateName");
            }

            db.AuditEntries.Add(AdminAudit.Entry(AdminAudit.Organization, Id(org), AdminAudit.OrganizationMoved, access.Actor, clock.Now,
                new Dictionary<string, object?> { ["parentId"] = before }, new Dictionary<string, object?> { ["parentId"] = org.ParentId }));
            return null;
        }, cancellationToken);

    /// <summary>Inactive organisations keep their items but get no new ones. A parent is deactivated after its children, and activated before them.</summary>
    public Task<CommandResult> SetActiveAsync(int id, bool active, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, async (db, org, access, ct) =>
        {
            if (org.IsActive == active)
            {
                return null;
            }

            if (!active && await db.Organizations.AnyAsync(o => o.ParentId == org.Id && o.IsActive, ct))
            {
                return text.Invalid("Admin.Org.HasActiveChildren");
            }

            if (active && org.ParentId is int pid && !await db.Organizations.AnyAsync(o => o.Id == pid && o.IsActive, ct))
            {
                return text.Invalid("Admin.Org.ParentInactive");
            }

            if (active)
            {
                org.Activate();
            }
            else
            {
                org.Deactivate();
            }

            db.AuditEntries.Add(AdminAudit.Entry(AdminAudit.Organization, Id(org),
                active ? AdminAudit.OrganizationActivated : AdminAudit.OrganizationDeactivated, access.Actor, clock.Now,
                new Dictionary<string, object?> { ["isActive"] = !active }, new Dictionary<string, object?> { ["isActive"] = active }));
            return null;
        }, cancellationToken);

    private delegate Task<CommandResult?> Change(RectifyDbContext db, Organization org, AccessContext access, CancellationToken cancellationToken);

    /// <summary>Loads the organisation, applies the change (which returns a refusal or null), saves it with its audit entry.</summary>
    private async Task<CommandResult> ChangeAsync(int id, Change change, CancellationToken cancellationToken)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var org = await db.Organizations.FindAsync([id], cancellationToken);
        if (org is null)
        {
            return text.Invalid("Admin.Org.NotFound");
        }

        try
        {
            if (await change(db, org, access, cancellationToken) is { } refused)
            {
                return refused;
            }

            await db.SaveChangesAsync(cancellationToken);
            directory.Invalidate();
            return CommandResult.Ok();
        }
        catch (DomainException e)
        {
            return text.Refusal(e);
        }
    }

    private static Task<bool> NameTakenAsync(RectifyDbContext db, string name, int? parentId, int? exceptId, CancellationToken cancellationToken) =>
        db.Organizations.AnyAsync(o => o.Name == name && o.ParentId == parentId && o.Id != exceptId, cancellationToken);

    private static string Id(Organization org) => org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
