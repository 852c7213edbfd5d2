using Rectify.Web.Admin;

namespace Rectify.Web.Robots;

/// <summary>
/// 群机器人 settings for administrators (checked here, on the server, for every call): the organisations with their robots,
/// saving one (address and secret encrypted, audited without them, optimistic concurrency), and the test message, whose
/// platform answer the page shows. The test is posted directly, not through the outbox: the administrator waits for the answer.
/// </summary>
public sealed class GroupRobotAdministration(
    IDbContextFactory<RectifyDbContext> contexts,
    AdminGuard guard,
    OrganizationDirectory organizations,
    RobotSecrets secrets,
    RobotSender sender,
    RobotMessageComposer composer,
    LedgerClock clock,
    IOptions<RobotOptions> options,
    IStringLocalizer<Text> text)
{
    public const string AuditEntity = "GroupRobot";
    public const string AuditSaved = "group_robot.saved";

    public async Task<CommandResult<IReadOnlyList<RobotRow>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        var snapshot = await organizations.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var robots = await db.Set<GroupRobot>().AsNoTracking().ToDictionaryAsync(r => r.OrganizationId, cancellationToken);
        var rows = new List<RobotRow>();
        void Walk(int? parent, int depth)
        {
            foreach (var org in snapshot.All.Where(o => o.ParentId == parent && o.IsActive).OrderBy(o => o.Id))
            {
                var robot = robots.GetValueOrDefault(org.Id);
                rows.Add(new RobotRow(org.Id, org.Name, depth, robot?.Platform, robot?.Enabled ?? false, robot?.PostBulletins ?? false,
                    robot?.AddressHint ?? "", robot?.HasSecret ?? false, robot?.Version ?? 0, robot?.UpdatedAt));
                Walk(org.Id, depth + 1);
            }
        }

        Walk(null, 0);
        return CommandResult<IReadOnlyList<RobotRow>>.Ok(rows);
    }

    public async Task<CommandResult> SaveAsync(RobotForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        if (!Enum.IsDefined(form.Platform))
        {
            return Invalid("Robots.Error.PlatformUnknown");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Organizations.AnyAsync(o => o.Id == form.OrganizationId && o.IsActive, cancellationToken))
        {
            return Invalid("Robots.Error.OrganizationUnknown");
        }

        var robot = await db.Set<GroupRobot>().SingleOrDefaultAsync(r => r.OrganizationId == form.OrganizationId, cancellationToken);
        if ((robot?.Version ?? 0) != form.Version)
        {
            return CommandResult.Invalid(text["Robots.Error.Conflict"]);
        }

        string? address = null;
        var platformChanged = robot is not null && robot.Platform != form.Platform;
        if (robot is null || platformChanged || !string.IsNullOrWhiteSpace(form.Address))
        {
            var (value, error) = RobotAddress.Normalize(form.Platform, form.Address, options.Value.AllowHttpWebhooks);
            if (error is not null)
            {
                return Invalid(error);
            }

            address = value;
        }

        string? secret = null;
        if (!string.IsNullOrWhiteSpace(form.Secret))
        {
            secret = RobotAddress.NormalizeSecret(form.Secret);
            if (secret is null)
            {
                return Invalid("Robots.Error.SecretInvalid");
            }
        }

        var clearSecret = form.ClearSecret && secret is null;
        var keepsSecret = robot?.HasSecret == true && !clearSecret && !platformChanged;
        if (form.Platform == RobotPlatform.DingTalk && secret is null && !keepsSecret)
        {
            return Invalid("Robots.Error.SecretRequired");
        }

        var now = clock.Now;
        var before = robot is null ? null : Snapshot(robot);
        var protectedAddress = address is null ? null : secrets.Protect(address);
        var hint = address is null ? null : RobotSecrets.Hint(address);
        var protectedSecret = secret is null ? null : secrets.Protect(secret);
        if (robot is null)
        {
            robot = GroupRobot.Create(form.OrganizationId, form.Platform, protectedAddress!, hint!, protectedSecret, form.Enabled, form.PostBulletins, access.Actor.UserId, now);
            db.Set<GroupRobot>().Add(robot);
        }
        else
        {
            robot.Update(form.Platform, protectedAddress, hint, protectedSecret, clearSecret || (platformChanged && secret is null), form.Enabled, form.PostBulletins, access.Actor.UserId, now);
        }

        var after = Snapshot(robot);
        after["addressChanged"] = address is not null;
        after["secretChanged"] = secret is not null || clearSecret;
        db.AuditEntries.Add(AdminAudit.Entry(AuditEntity, form.OrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditSaved, access.Actor, now, before, after));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A concurrent save (version changed) or a concurrent first robot for the organisation (unique index).
            return CommandResult.Invalid(text["Robots.Error.Conflict"]);
        }

        return CommandResult.Ok(robot.Version);
    }

    /// <summary>Posts the test message to the organisation's saved robot and returns the platform's answer.</summary>
    public async Task<CommandResult<RobotAnswer>> TestAsync(int organizationId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var robot = await db.Set<GroupRobot>().AsNoTracking().SingleOrDefaultAsync(r => r.OrganizationId == organizationId, cancellationToken);
        if (robot is null)
        {
            return Invalid("Robots.Error.NotConfigured");
        }

        var snapshot = await organizations.GetAsync(cancellationToken);
        var message = composer.Test(snapshot.Names.GetValueOrDefault(organizationId, ""), clock.ToLocal(clock.Now));
        return CommandResult<RobotAnswer>.Ok(await sender.SendAsync(robot, message, cancellationToken));
    }

    private CommandResult Invalid(string key) => CommandResult.Invalid(text[key]);

    private static Dictionary<string, object?> Snapshot(GroupRobot robot) => new()
    {
        ["platform"] = robot.Platform.ToString(),
        ["addressHint"] = robot.AddressHint,
        ["hasSecret"] = robot.HasSecret,
        ["enabled"] = robot.Enabled,
        ["postBulletins"] = robot.PostBulletins,
    };
}
