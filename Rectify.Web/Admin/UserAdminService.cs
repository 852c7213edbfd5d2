using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Rectify.Web.Data.Configurations;

namespace Rectify.Web.Admin;

/// <summary>
/// 用户管理: accounts are created by administrators only (no self-registration). Every method checks the administrator
/// role on the server, works in its own scope (a fresh UserManager and context, one transaction), writes an audit entry
/// and, when roles, organisation or assignments change, renews the user's security stamp so their sign-in is revalidated.
/// </summary>
public sealed class UserAdminService(
    IServiceScopeFactory scopes, IDbContextFactory<RectifyDbContext> dbFactory, AdminGuard guard, LedgerClock clock, UserStateCache states,
    RoleMembers members, IStringLocalizer<Text> text)
{
    public async Task<CommandResult<IReadOnlyList<UserRow>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.Now;
        var users = await db.Users.AsNoTracking()
            .OrderBy(u => u.OrganizationId).ThenBy(u => u.UserName)
            .Select(u => new
            {
                u.Id, u.UserName, u.DisplayName, u.Email, u.PhoneNumber, u.OrganizationId, u.IsTopLeader, u.IsActive, u.LockoutEnd,
                OrgName = db.Organizations.Where(o => o.Id == u.OrganizationId).Select(o => o.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var assignments = await db.LeaderAssignments.AsNoTracking().ToListAsync(cancellationToken);
        var rows = users.Select(u => new UserRow(
            u.Id, u.UserName ?? "", u.DisplayName, u.Email,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).OrderBy(r => Roles.All.ToList().IndexOf(r)).ToList(),
            u.OrganizationId, u.OrgName, u.IsTopLeader, u.IsActive, u.LockoutEnd > now,
            assignments.Where(a => a.UserId == u.Id).Select(a => a.OrganizationId).Order().ToList(), u.PhoneNumber)).ToList();
        return CommandResult<IReadOnlyList<UserRow>>.Ok(rows);
    }

    public async Task<CommandResult<string>> CreateAsync(UserForm form, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDbContext>();
        if (await ValidateAsync(db, form, null, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        if (string.IsNullOrEmpty(form.Password))
        {
            return text.Invalid("Admin.User.PasswordRequired");
        }

        var user = new AppUser
        {
            UserName = form.UserName.Trim(),
            DisplayName = Rectify.Domain.Ledger.TextRules.Clean(form.DisplayName, singleLine: true),
            Email = Optional(form.Email),
            EmailConfirmed = true,
            PhoneNumber = Robots.RobotSummaryRun.MobileOrNull(form.Mobile),
            OrganizationId = form.OrganizationId,
            IsTopLeader = form.IsLeader && form.IsTopLeader,
            IsActive = true,
            CreatedAt = clock.Now,
        };

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        if (Failed(await users.CreateAsync(user, form.Password)) is { } createError)
        {
            return createError;
        }

        if (Failed(await users.AddToRolesAsync(user, form.SelectedRoles())) is { } roleError)
        {
            return roleError;
        }

        db.AuditEntries.Add(AdminAudit.Entry(AdminAudit.User, user.Id, AdminAudit.UserCreated, access.Actor, clock.Now, null, Snapshot(user, form.SelectedRoles())));
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        members.Invalidate();
        return CommandResult<string>.Ok(user.Id);
    }

    /// <summary>Display name, email, organisation, roles and the top-leader flag; the user name stays.</summary>
    public Task<CommandResult> UpdateAsync(string userId, UserForm form, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, async (users, user, access, db) =>
        {
            if (await ValidateAsync(db, form, user, cancellationToken) is { } invalid)
            {
                return (invalid, null);
            }

            var newRoles = form.SelectedRoles();
            if (userId == access.Actor.UserId && !newRoles.Contains(Roles.Admin))
            {
                return (text.Invalid("Admin.User.CannotDemoteSelf"), null);
            }

            var oldRoles = (await users.GetRolesAsync(user)).ToList();
            var before = Snapshot(user, oldRoles);
            var securityChanged = user.OrganizationId != form.OrganizationId || user.IsTopLeader != (form.IsLeader && form.IsTopLeader)
                || !oldRoles.Order().SequenceEqual(newRoles.Order());
            user.DisplayName = Rectify.Domain.Ledger.TextRules.Clean(form.DisplayName, singleLine: true);
            user.Email = Optional(form.Email);
            user.PhoneNumber = Robots.RobotSummaryRun.MobileOrNull(form.Mobile);
            user.OrganizationId = form.OrganizationId;
            user.IsTopLeader = form.IsLeader && form.IsTopLeader;

            var results = new List<Func<Task<IdentityResult>>>
            {
                () => users.UpdateAsync(user),
                () => users.RemoveFromRolesAsync(user, oldRoles.Except(newRoles)),
                () => users.AddToRolesAsync(user, newRoles.Except(oldRoles)),
            };
            if (securityChanged)
            {
                results.Add(() => users.UpdateSecurityStampAsync(user));
            }

            foreach (var step in results)
            {
                if (Failed(await step()) is { } error)
                {
                    return (error, null);
                }
            }

            if (!newRoles.Contains(Roles.Leader))
            {
                // Assignments only mean something for leaders; a former leader keeps none.
                db.LeaderAssignments.RemoveRange(await db.LeaderAssignments.Where(a => a.UserId == userId).ToListAsync(cancellationToken));
            }

            var (b, a) = AdminAudit.Diff(before, Snapshot(user, newRoles));
            return (null, a.Count > 0 ? AdminAudit.Entry(AdminAudit.User, user.Id, AdminAudit.UserUpdated, access.Actor, clock.Now, b, a) : null);
        }, cancellationToken);

    /// <summary>包抓: the organisations a leader is assigned to (their descendants are included in the leader's scope).</summary>
    public Task<CommandResult> SetAssignmentsAsync(string userId, IEnumerable<int> organizationIds, CancellationToken cancellationToken = default)
    {
        var wanted = organizationIds.Distinct().Order().ToList();
        return ChangeAsync(userId, async (users, user, access, db) =>
        {
            if (!await users.IsInRoleAsync(user, Roles.Leader))
            {
                return (text.Invalid("Admin.User.AssignmentsNeedLeader"), null);
            }

            if (await db.Organizations.CountAsync(o => wanted.Contains(o.Id), cancellationToken) != wanted.Count)
            {
                return (text.Invalid("Admin.User.OrganizationUnknown"), null);
            }

            var current = await db.LeaderAssignments.Where(a => a.UserId == userId).ToListAsync(cancellationToken);
            var before = current.Select(a => a.OrganizationId).Order().ToList();
            if (before.SequenceEqual(wanted))
            {
                return (null, null);
            }

            db.LeaderAssignments.RemoveRange(current.Where(a => !wanted.Contains(a.OrganizationId)));
            db.LeaderAssignments.AddRange(wanted.Except(before).Select(id => new LeaderAssignment { UserId = userId, OrganizationId = id }));
            return (Failed(await users.UpdateSecurityStampAsync(user)), AdminAudit.Entry(AdminAudit.User, userId, AdminAudit.UserAssignmentsChanged,
                access.Actor, clock.Now,
                new Dictionary<string, object?> { ["assignedOrganizationIds"] = before },
                new Dictionary<string, object?> { ["assignedOrganizationIds"] = wanted }));
        }, cancellationToken);
    }

    /// <summary>Deactivated users cannot sign in and are signed out when their session is next revalidated; their history stays.</summary>
    public Task<CommandResult> SetActiveAsync(string userId, bool active, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, async (users, user, access, _) =>
        {
            if (!active && userId == access.Actor.UserId)
            {
                return (text.Invalid("Admin.User.CannotDeactivateSelf"), null);
            }

            if (user.IsActive == active)
            {
                return (null, null);
            }

            user.IsActive = active;
            var result = await users.UpdateAsync(user);
            if (result.Succeeded)
            {
                result = await users.UpdateSecurityStampAsync(user);
            }

            return (Failed(result), AdminAudit.Entry(AdminAudit.User, userId,
                active ? AdminAudit.UserActivated : AdminAudit.UserDeactivated, access.Actor, clock.Now,
                new Dictionary<string, object?> { ["isActive"] = !active }, new Dictionary<string, object?> { ["isActive"] = active }));
        }, cancellationToken);

    /// <summary>Sets a new password (checked by Identity's password rules); the old sign-ins of that user end.</summary>
    public Task<CommandResult> ResetPasswordAsync(string userId, string newPassword, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, async (users, user, access, _) =>
        {
            if (string.IsNullOrEmpty(newPassword))
            {
                return (text.Invalid("Admin.User.PasswordRequired"), null);
            }

            var token = await users.GeneratePasswordResetTokenAsync(user);
            return (Failed(await users.ResetPasswordAsync(user, token, newPassword)),
                AdminAudit.Entry(AdminAudit.User, userId, AdminAudit.UserPasswordReset, access.Actor, clock.Now, null, null));
        }, cancellationToken);

    /// <summary>Ends a lockout after too many wrong passwords.</summary>
    public Task<CommandResult> UnlockAsync(string userId, CancellationToken cancellationToken = default) =>
        ChangeAsync(userId, async (users, user, access, _) =>
        {
            var wasLocked = user.LockoutEnd > clock.Now;
            var result = await users.SetLockoutEndDateAsync(user, null);
            if (result.Succeeded)
            {
                result = await users.ResetAccessFailedCountAsync(user);
            }

            return (Failed(result), AdminAudit.Entry(AdminAudit.User, userId, AdminAudit.UserUnlocked, access.Actor, clock.Now,
                new Dictionary<string, object?> { ["lockedOut"] = wasLocked }, new Dictionary<string, object?> { ["lockedOut"] = false }));
        }, cancellationToken);

    /// <summary>A change to one user inside <see cref="ChangeAsync"/>'s transaction: a refusal (nothing is kept), or the audit entry of what changed (null: nothing did).</summary>
    private delegate Task<(CommandResult? Refused, AuditEntry? Audit)> UserChange(UserManager<AppUser> users, AppUser user, AccessContext access, RectifyDbContext db);

    private async Task<CommandResult> ChangeAsync(string userId, UserChange change, CancellationToken cancellationToken)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDbContext>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return text.Invalid("Admin.User.NotFound");
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var (refused, audit) = await change(users, user, access, db);
        if (refused is not null)
        {
            return refused;
        }

        if (audit is not null)
        {
            db.AuditEntries.Add(audit);
        }

        await db.SaveChangesAsync(cancellationToken);

        await tx.CommitAsync(cancellationToken);
        states.Invalidate(userId);
        members.Invalidate();
        return CommandResult.Ok();
    }

    /// <summary>Checks what Identity does not: names, roles, organisation. Identity checks the user name and password rules.</summary>
    private async Task<CommandResult?> ValidateAsync(RectifyDbContext db, UserForm form, AppUser? existing, CancellationToken cancellationToken)
    {
        if (existing is null && string.IsNullOrWhiteSpace(form.UserName))
        {
            return text.Invalid("Admin.User.UserNameRequired");
        }

        if (existing is null && form.UserName.Trim().Length > UserNameMaxLength)
        {
            return text.Invalid("Admin.User.UserNameTooLong", UserNameMaxLength);
        }

        var displayName = Rectify.Domain.Ledger.TextRules.Clean(form.DisplayName, singleLine: true);
        if (displayName.Length == 0)
        {
            return text.Invalid("Admin.User.DisplayNameRequired");
        }

        if (displayName.Length > AppUser.DisplayNameMaxLength)
        {
            return text.Invalid("Admin.User.DisplayNameTooLong", AppUser.DisplayNameMaxLength);
        }

        if (Optional(form.Email) is { } email && (email.Length > 256 || email.Any(char.IsControl) || !MailAddress.TryCreate(email, out _)))
        {
            return text.Invalid("Admin.User.EmailInvalid");
        }

        if (Optional(form.Mobile) is not null && Robots.RobotSummaryRun.MobileOrNull(form.Mobile) is null)
        {
            return text.Invalid("Admin.User.MobileInvalid");
        }

        if (form.SelectedRoles().Count == 0)
        {
            return text.Invalid("Admin.User.RoleRequired");
        }

        if (form.IsSecretary && form.OrganizationId is null)
        {
            return text.Invalid("Admin.User.SecretaryNeedsOrganization");
        }

        if (form.IsTopLeader && !form.IsLeader)
        {
            return text.Invalid("Admin.User.TopLeaderNeedsLeader");
        }

        if (form.OrganizationId is int orgId && orgId != existing?.OrganizationId)
        {
            var org = await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orgId, cancellationToken);
            if (org is null)
            {
                return text.Invalid("Admin.User.OrganizationUnknown");
            }

            if (!org.IsActive)
            {
                return text.Invalid("Admin.User.OrganizationInactive");
            }
        }

        return null;
    }

    private static CommandResult? Failed(IdentityResult result) =>
        result.Succeeded ? null : CommandResult.Invalid(string.Join(" ", result.Errors.Select(e => e.Description).Distinct()));

    /// <summary>Identity maps user names to 256 characters but does not check it; this does (in Chinese).</summary>
    public const int UserNameMaxLength = 64;

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Dictionary<string, object?> Snapshot(AppUser user, IReadOnlyList<string> roles) => new()
    {
        ["userName"] = user.UserName,
        ["displayName"] = user.DisplayName,
        ["email"] = user.Email,
        ["mobile"] = user.PhoneNumber,
        ["organizationId"] = user.OrganizationId,
        ["roles"] = roles.OrderBy(r => r, StringComparer.Ordinal).ToList(),
        ["isTopLeader"] = user.IsTopLeader,
    };
}
