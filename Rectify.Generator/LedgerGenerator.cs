using Microsoft.Extensions.Logging;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;
using Rectify.Web.Auditing;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;

using Rectify.Web.Data;

namespace Rectify.Generator;

/// <summary>What to generate. Defaults: the realistic tree (500 organisations, 5,000 users).</summary>
public sealed record GeneratorOptions(int Items, int Organizations = 500, int Users = 5000, int Seed = 20261122, int ChunkSize = 5000);

/// <summary>What was generated, and how long it took.</summary>
public sealed record GeneratorResult(
    int Organizations, int Users, int ProblemLists, int Items, int Measures, int ProgressReports, int AuditEntries,
    IReadOnlyDictionary<ItemStatus, int> ByStatus, int Overdue, TimeSpan Elapsed);

/// <summary>
/// Fills an empty ledger with a realistic bureau: 市民政局党组 → 党总支 per unit → 党支部, a secretary per organisation,
/// members (measure owners), leaders who 包抓 the general branches (their branches follow), administrators, problem lists by
/// occasion over the last two years, and items in every state with measures, progress reports, sign-off decisions and
/// extensions. Every item is driven through the real domain methods (so guards hold and each change yields its audit record);
/// rows are then bulk-inserted in chunks, and the audit entries are sealed into the hash chain as they are written, so
/// verify-audit passes on generated data. About 70% of items are unfinished; deadlines are spread around today.
/// Accounts (password <see cref="Seeder.DemoPassword"/>): bench.admin (administrator), bench.leader (top leader),
/// bench.leader2 (包抓 the first general branch), bench.secretary (secretary of the first branch).
/// </summary>
public sealed class LedgerGenerator(
    IDbContextFactory<RectifyDbContext> dbFactory,
    Seeder seeder,
    IPasswordHasher<AppUser> passwords,
    LedgerClock clock,
    AuditChain chain,
    ILogger<LedgerGenerator> logger)
{
    private const int MaxListAgeDays = 730;

    public async Task<GeneratorResult> GenerateAsync(GeneratorOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Items, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Organizations, 3);
        var started = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var today = clock.Today;

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Organizations.AnyAsync(cancellationToken) || await db.Items.AnyAsync(cancellationToken))
            {
                throw new InvalidOperationException("generate-data needs an empty ledger (no organisations, no items): point it at a new database.");
            }
        }

        await seeder.EnsureRolesAsync();
        // Whatever was written before (e.g. the first administrator's creation) is sealed first; the generated entries continue the chain.
        await chain.SealAsync(cancellationToken);

        await using var context = await dbFactory.CreateDbContextAsync(cancellationToken);
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        await context.Database.OpenConnectionAsync(cancellationToken);
        if (context.Database.IsSqlite())
        {
            // Generated data can be generated again: no fsync per commit, and a page cache large enough for the random-keyed
            // indexes (audit hashes) of a big run. These settings last only for this connection.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-400000;", cancellationToken);
        }

        var writer = new BulkWriter(context);
        var world = await WriteOrganizationsAndUsersAsync(context, writer, options, random, cancellationToken);
        log?.WriteLine($"organisations {world.Tree.All.Count}, users {world.UserCount} ({started.Elapsed.TotalSeconds:F1} s)");

        var deferred = await DeferredIndexes.DropAsync(context, cancellationToken);
        var audit = await AuditCursor.StartAsync(context, cancellationToken);
        var lists = MakeLists(options, world, random, today);
        var counts = new Counts();
        var listIndex = 0;
        var perList = (int)Math.Ceiling(options.Items / (double)lists.Count);
        var sequences = new int[lists.Count];
        var written = 0;
        var making = new Stopwatch();
        var sealing = new Stopwatch();
        var inserting = new Stopwatch();
        while (written < options.Items)
        {
            var chunk = Math.Min(options.ChunkSize, options.Items - written);
            making.Start();
            var items = new List<RectificationItem>(chunk);
            var newLists = new List<ProblemList>();
            for (var n = 0; n < chunk; n++)
            {
                if (sequences[listIndex] >= perList)
                {
                    listIndex++;
                }

                var (list, date, issuer) = lists[listIndex];
                if (sequences[listIndex] == 0)
                {
                    newLists.Add(list);
                }

                items.Add(MakeItem(world, list, issuer, date, ++sequences[listIndex], random, today, counts));
            }

            making.Stop();
            inserting.Start();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await writer.InsertAsync(newLists, cancellationToken: cancellationToken);
            await writer.InsertAsync(items, cancellationToken: cancellationToken);
            await writer.InsertAsync(items.SelectMany(i => i.Measures).ToList(), ShadowItemId(items, i => i.Measures), cancellationToken);
            await writer.InsertAsync(items.SelectMany(i => i.ProgressReports).ToList(), ShadowItemId(items, i => i.ProgressReports), cancellationToken);
            await writer.InsertAsync(items.SelectMany(i => i.Extensions).ToList(), ShadowItemId(items, i => i.Extensions), cancellationToken);
            await writer.InsertAsync(items.SelectMany(i => i.SignOffDecisions).ToList(), ShadowItemId(items, i => i.SignOffDecisions), cancellationToken);
            var entries = newLists.SelectMany(l => l.PendingAudit).Concat(items.SelectMany(i => i.PendingAudit)).Select(AuditEntry.From).ToList();
            inserting.Stop();
            sealing.Start();
            audit.Seal(entries);
            sealing.Stop();
            inserting.Start();
            await writer.InsertAsync(entries, cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            inserting.Stop();

            counts.Measures += items.Sum(i => i.Measures.Count);
            counts.Progress += items.Sum(i => i.ProgressReports.Count);
            counts.Audit += entries.Count;
            counts.Lists += newLists.Count;
            written += chunk;
            log?.WriteLine($"items {written:N0}/{options.Items:N0}, audit entries {counts.Audit:N0} ({started.Elapsed.TotalSeconds:F1} s: domain {making.Elapsed.TotalSeconds:F1} s, sealing {sealing.Elapsed.TotalSeconds:F1} s, inserts {inserting.Elapsed.TotalSeconds:F1} s)");
        }

        await audit.FinishAsync(context, cancellationToken);
        log?.WriteLine($"building {deferred.Count} indexes …");
        await deferred.RestoreAsync(context, log, cancellationToken);

        log?.WriteLine("analysing the tables for the query planner …");
        // On PostgreSQL also VACUUM: a freshly loaded table has no visibility map, so every index-only scan still visits the heap
        // (the overdue list measured 52.5 ms instead of 7.2 ms until then; docs/performance.md).
        await context.Database.ExecuteSqlRawAsync(context.Database.IsNpgsql() ? "VACUUM (ANALYZE)" : "ANALYZE", cancellationToken);
        started.Stop();
        var result = new GeneratorResult(world.Tree.All.Count, world.UserCount, counts.Lists, written, counts.Measures, counts.Progress, counts.Audit,
            counts.ByStatus, counts.Overdue, started.Elapsed);
        logger.LogInformation("Generated {Items} items in {Seconds:F1} s.", written, started.Elapsed.TotalSeconds);
        return result;
    }

    private static Func<T, string, object?> ShadowItemId<T>(List<RectificationItem> items, Func<RectificationItem, IReadOnlyList<T>> children)
        where T : class
    {
        var owner = new Dictionary<object, Guid>(ReferenceEqualityComparer.Instance);
        foreach (var item in items)
        {
            foreach (var child in children(item))
            {
                owner[child] = item.Id;
            }
        }

        return (child, _) => owner[child];
    }

    // ---- organisations and people ----

    private sealed class World
    {
        public required OrganizationTree Tree { get; init; }
        public required Organization Root { get; init; }
        public required List<Organization> GeneralBranches { get; init; }
        public required List<Organization> Branches { get; init; }
        public required Dictionary<int, Organization> ParentOf { get; init; }
        public required Dictionary<int, AccessContext> SecretaryOf { get; init; }
        public required Dictionary<int, List<string>> MembersOf { get; init; }
        public required Dictionary<int, AccessContext> LeaderOf { get; init; }
        public required AccessContext Admin { get; init; }
        public required AccessContext TopLeader { get; init; }
        public required int UserCount { get; init; }
    }

    private async Task<World> WriteOrganizationsAndUsersAsync(
        RectifyDbContext db, BulkWriter writer, GeneratorOptions options, Random random, CancellationToken cancellationToken)
    {
        var nextId = 1;
        var root = Organization.Create(GeneratorText.Bureau, OrganizationLevel.PartyCommittee, id: nextId++);
        var generalCount = Math.Max(1, (int)Math.Round(options.Organizations / 20.0));
        var generals = new List<Organization>();
        for (var g = 0; g < generalCount; g++)
        {
            var unit = GeneratorText.Units[g % GeneratorText.Units.Length];
            var suffix = g < GeneratorText.Units.Length ? "" : ((g / GeneratorText.Units.Length) + 1).ToString(CultureInfo.InvariantCulture);
            generals.Add(Organization.Create($"{unit}{suffix}党总支", OrganizationLevel.GeneralBranch, root, nextId++));
        }

        var branches = new List<Organization>();
        var parentOf = new Dictionary<int, Organization>();
        var branchCount = options.Organizations - 1 - generalCount;
        for (var b = 0; b < branchCount; b++)
        {
            var general = generals[b % generalCount];
            var index = b / generalCount;
            var unit = general.Name[..^3];
            var name = index < GeneratorText.BranchNames.Length
                ? unit + GeneratorText.BranchNames[index]
                : $"{unit}第{index + 1}党支部";
            var branch = Organization.Create(name, OrganizationLevel.Branch, general, nextId++);
            branches.Add(branch);
            parentOf[branch.Id] = general;
        }

        var all = new List<Organization> { root };
        all.AddRange(generals);
        all.AddRange(branches);
        var tree = new OrganizationTree(all);

        var roleIds = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id, cancellationToken);
        var hash = passwords.HashPassword(null!, Seeder.DemoPassword);
        var users = new List<AppUser>();
        var userRoles = new List<IdentityUserRole<string>>();
        var created = clock.Now.AddDays(-MaxListAgeDays - 30);
        AppUser User(string userName, int? organizationId, string? role, bool top = false)
        {
            var user = new AppUser
            {
                Id = Guid.CreateVersion7(created.AddSeconds(users.Count)).ToString(),
                UserName = userName,
                NormalizedUserName = userName.ToUpperInvariant(),
                Email = $"{userName}@rectify.local",
                NormalizedEmail = $"{userName}@rectify.local".ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = hash,
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                DisplayName = GeneratorText.PersonName(random),
                OrganizationId = organizationId,
                IsTopLeader = top,
                CreatedAt = created,
                // A realistic few opt out of due-soon mail.
                ReceiveDueSoonMail = random.Next(20) != 0,
            };
            users.Add(user);
            if (role is not null)
            {
                userRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
            }

            return user;
        }

        static Actor ActorOf(AppUser u, bool admin = false, bool leader = false, bool top = false, bool secretary = false, IReadOnlySet<int>? assigned = null) =>
            new(u.Id, u.DisplayName, admin, leader, top, secretary, u.OrganizationId, assigned ?? new HashSet<int>());

        var admin = User("bench.admin", root.Id, Roles.Admin);
        User("admin2", root.Id, Roles.Admin);
        User("admin3", root.Id, Roles.Admin);
        var top = User("bench.leader", root.Id, Roles.Leader, top: true);
        var assignments = new List<LeaderAssignment>();
        var leaderOf = new Dictionary<int, AccessContext>();
        for (var g = 0; g < generals.Count; g++)
        {
            var leader = User(g == 0 ? "bench.leader2" : $"leader{g + 1:D3}", root.Id, Roles.Leader);
            assignments.Add(new LeaderAssignment { UserId = leader.Id, OrganizationId = generals[g].Id });
            leaderOf[generals[g].Id] = new AccessContext(ActorOf(leader, leader: true, assigned: new HashSet<int> { generals[g].Id }), tree);
        }

        var secretaryOf = new Dictionary<int, AccessContext>();
        var membersOf = new Dictionary<int, List<string>>();
        foreach (var org in generals.Concat(branches))
        {
            var name = org == branches.FirstOrDefault() ? "bench.secretary" : $"sec{org.Id:D5}";
            var secretary = User(name, org.Id, Roles.Secretary);
            secretaryOf[org.Id] = new AccessContext(ActorOf(secretary, secretary: true), tree);
            membersOf[org.Id] = [secretary.Id];
        }

        var orgsForMembers = branches.Count > 0 ? branches : generals;
        for (var m = 0; users.Count < options.Users; m++)
        {
            var org = orgsForMembers[m % orgsForMembers.Count];
            membersOf[org.Id].Add(User($"member{m + 1:D5}", org.Id, role: null).Id);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await writer.InsertAsync(all, cancellationToken: cancellationToken);
            await writer.InsertAsync(users, cancellationToken: cancellationToken);
            await writer.InsertAsync(userRoles, cancellationToken: cancellationToken);
            await writer.InsertAsync(assignments, cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (db.Database.IsNpgsql())
        {
            // Ids were written explicitly: move the identity sequence past them.
            await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('\"Organizations\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Organizations\"))", cancellationToken);
        }

        return new World
        {
            Tree = tree,
            Root = root,
            GeneralBranches = generals,
            Branches = branches.Count > 0 ? branches : generals,
            ParentOf = parentOf,
            SecretaryOf = secretaryOf,
            MembersOf = membersOf,
            LeaderOf = leaderOf,
            Admin = new AccessContext(ActorOf(admin, admin: true), tree),
            TopLeader = new AccessContext(ActorOf(top, leader: true, top: true), tree),
            UserCount = users.Count,
        };
    }

    // ---- problem lists ----

    private static readonly (ProblemSource Source, int Weight, bool ByBureau)[] Occasions =
    [
        (ProblemSource.DemocraticLifeMeeting, 2, true),
        (ProblemSource.OrganizationalLifeMeeting, 5, false),
        (ProblemSource.ReviewSelf, 2, false),
        (ProblemSource.ReviewSuperior, 2, false),
        (ProblemSource.ReviewPublic, 1, false),
        (ProblemSource.Inspection, 1, true),
        (ProblemSource.Supervision, 2, false),
        (ProblemSource.Audit, 1, true),
    ];

    private List<(ProblemList List, DateOnly Date, Organization Issuer)> MakeLists(GeneratorOptions options, World world, Random random, DateOnly today)
    {
        // About 250 items per list (an occasion of a general branch, or of the bureau for the whole tree).
        var count = Math.Max(1, options.Items / 250);
        var weights = Occasions.Sum(o => o.Weight);
        var lists = new List<(ProblemList, DateOnly, Organization)>(count);
        var titles = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var pick = random.Next(weights);
            var occasion = Occasions.First(o => (pick -= o.Weight) < 0);
            var issuer = occasion.ByBureau ? world.Root : GeneratorText.Pick(random, world.GeneralBranches);
            var date = today.AddDays(-random.Next(2, MaxListAgeDays));
            var baseTitle = $"{date.Year}年度{issuer.Name}{ProblemSourceNames.Name(occasion.Source)}问题清单";
            var n = titles[baseTitle] = titles.GetValueOrDefault(baseTitle) + 1;
            var title = n == 1 ? baseTitle : $"{baseTitle}（第{n}批）";
            var list = ProblemList.Create(world.Admin, title, occasion.Source, date, issuer.Id, At(date, 9 * 60, random));
            lists.Add((list, date, issuer));
        }

        // Oldest first, so item numbers and audit ids roughly follow time.
        return [.. lists.OrderBy(l => l.Item2)];
    }

    // ---- items ----

    private sealed class Counts
    {
        public int Lists;
        public int Measures;
        public int Progress;
        public int Audit;
        public int Overdue;
        public Dictionary<ItemStatus, int> ByStatus { get; } = Enum.GetValues<ItemStatus>().ToDictionary(s => s, _ => 0);
    }

    private RectificationItem MakeItem(World world, ProblemList list, Organization issuer, DateOnly listDate, int sequence, Random random, DateOnly today, Counts counts)
    {
        var branches = issuer.Id == world.Root.Id
            ? world.Branches
            : world.Branches.Where(b => world.ParentOf.GetValueOrDefault(b.Id)?.Id == issuer.Id).DefaultIfEmpty(issuer).ToList();
        var org = GeneratorText.Pick(random, branches);
        var owner = world.SecretaryOf[org.Id];
        var leader = world.ParentOf.TryGetValue(org.Id, out var parent) && world.LeaderOf.TryGetValue(parent.Id, out var l) && random.Next(10) != 0
            ? l
            : world.LeaderOf.GetValueOrDefault(org.Id) ?? world.TopLeader;

        var created = listDate.AddDays(random.Next(0, Math.Max(0, Math.Min(14, today.AddDays(-1).DayNumber - listDate.DayNumber)) + 1));
        var clockAt = new ItemClock(this, random, created);
        var typeRoll = random.Next(100);
        var type = typeRoll < 20 ? DeadlineType.Immediate : typeRoll < 85 ? DeadlineType.ByDate : DeadlineType.LongTerm;
        DateOnly? deadline = type switch
        {
            DeadlineType.Immediate => created.AddDays(random.Next(7, 31)),
            DeadlineType.ByDate => created.AddDays(random.Next(30, 271)),
            _ => null,
        };
        ReportingPeriod? period = type == DeadlineType.LongTerm ? (ReportingPeriod)(random.Next(10) switch { < 6 => 0, < 9 => 1, _ => 2 }) : null;
        var description = GeneratorText.Pick(random, GeneratorText.Problems) + GeneratorText.Pick(random, GeneratorText.ProblemDetails) + "。";
        var category = Categories.Suggested[random.Next(Categories.Suggested.Count - 1)];
        var details = new ItemDetails(description, category, org.Id, owner.Actor.UserId, leader.Actor.UserId, type, deadline, period,
            random.Next(8) == 0 ? "纳入年度党建考核" : null);
        var item = RectificationItem.Create(world.Admin, list, sequence, details, created, clockAt.At(created));

        var members = world.MembersOf[org.Id];
        var measureCount = random.Next(2, 5);
        for (var m = 0; m < measureCount; m++)
        {
            var due = deadline is { } d ? created.AddDays(Math.Max(1, (d.DayNumber - created.DayNumber) * (m + 1) / measureCount)) : (DateOnly?)null;
            item.AddMeasure(world.Admin, GeneratorText.Measures[(sequence + m) % GeneratorText.Measures.Length], GeneratorText.Pick(random, members), due, clockAt.At(created));
        }

        // Older items are more often finished: on average ~30% finished, ~70% still open (待整改, 整改中, 待销号).
        var age = today.DayNumber - created.DayNumber;
        var finished = random.NextDouble() < 0.6 * age / MaxListAgeDays;
        ItemStatus target;
        if (finished)
        {
            target = random.Next(100) < 85 ? ItemStatus.Closed : ItemStatus.SignedOff;
        }
        else
        {
            var roll = random.Next(100);
            target = roll < 25 ? ItemStatus.Open : roll < 85 ? ItemStatus.InProgress : ItemStatus.AwaitingSignOff;
        }

        var lastWorkDay = today;
        DateOnly requestDay = today, approveDay = today, closeDay = today;
        if (finished)
        {
            var span = Math.Max(1, age);
            closeDay = created.AddDays(random.Next(span * 3 / 10, span + 1));
            approveDay = Max(created, closeDay.AddDays(-random.Next(0, 3)));
            requestDay = Max(created, approveDay.AddDays(-random.Next(0, 8)));
            lastWorkDay = requestDay;
        }
        else if (target == ItemStatus.AwaitingSignOff)
        {
            requestDay = Max(created, today.AddDays(-random.Next(0, 21)));
            lastWorkDay = requestDay;
        }

        if (target != ItemStatus.Open)
        {
            var reports = type == DeadlineType.LongTerm
                ? Math.Clamp((lastWorkDay.DayNumber - created.DayNumber) / (period!.Value.After(created).DayNumber - created.DayNumber), 1, 12)
                : random.Next(1, 5);
            var days = Enumerable.Range(0, reports)
                .Select(_ => created.AddDays(random.Next(0, Math.Max(0, lastWorkDay.DayNumber - created.DayNumber) + 1)))
                .Order()
                .ToList();
            if (type == DeadlineType.LongTerm && !finished && random.Next(4) != 0)
            {
                // Most long-term items report on time: the latest report is recent.
                days[^1] = Max(days[^1], today.AddDays(-random.Next(0, 25)));
            }

            for (var p = 0; p < days.Count; p++)
            {
                var percent = (p + 1) * 100 / (days.Count + (finished || target == ItemStatus.AwaitingSignOff ? 0 : 1));
                var text = string.Format(CultureInfo.InvariantCulture, GeneratorText.Pick(random, GeneratorText.Progress), random.Next(1, 6), random.Next(60, 100));
                item.AddProgress(owner, days[p], text, random.Next(5) == 0 ? null : percent, days[p], clockAt.At(days[p]));
            }

            foreach (var measure in item.Measures.Take(finished ? item.Measures.Count : random.Next(0, item.Measures.Count)))
            {
                item.SetMeasureDone(owner, measure.Id, true, clockAt.At(days[^1]));
            }

            if (!finished && target == ItemStatus.InProgress && random.Next(10) == 0)
            {
                // Asked for sign-off once and was sent back (退回).
                var asked = days[^1];
                item.RequestSignOff(owner, GeneratorText.Pick(random, GeneratorText.Summaries), clockAt.At(asked), Mechanism(type, random));
                var back = Min(today, asked.AddDays(random.Next(1, 6)));
                item.SendBack(leader, GeneratorText.Pick(random, GeneratorText.SendBackReasons), clockAt.At(back));
                var again = Min(today, back.AddDays(random.Next(0, 10)));
                item.AddProgress(owner, again, "已按退回意见补充整改材料。", 90, again, clockAt.At(again));
            }
        }

        if (!finished && target != ItemStatus.AwaitingSignOff && item.Deadline is { } current)
        {
            if (current < today && random.Next(10) < 6)
            {
                // Late, and the leader approved a later deadline (延期).
                var asked = Max(clockAt.Day, Max(created, current.AddDays(-random.Next(0, 10))));
                var extension = item.RequestExtension(owner, today.AddDays(random.Next(1, 121)), GeneratorText.Pick(random, GeneratorText.ExtensionReasons), asked, clockAt.At(asked));
                var decided = Min(today, asked.AddDays(random.Next(0, 6)));
                item.DecideExtension(leader, extension.Id, approve: true, null, clockAt.At(decided));
            }
            else if (random.Next(100) < 6)
            {
                // An extension waits for the leader's decision.
                var asked = Max(clockAt.Day, today.AddDays(-random.Next(0, 8)));
                item.RequestExtension(owner, Max(current, today).AddDays(random.Next(15, 61)), GeneratorText.Pick(random, GeneratorText.ExtensionReasons), asked, clockAt.At(asked));
            }
        }

        if (finished || target == ItemStatus.AwaitingSignOff)
        {
            item.RequestSignOff(owner, GeneratorText.Pick(random, GeneratorText.Summaries), clockAt.At(Max(clockAt.Day, requestDay)), Mechanism(type, random));
        }

        if (finished)
        {
            item.ApproveSignOff(leader, clockAt.At(Max(clockAt.Day, approveDay)));
            if (target == ItemStatus.Closed)
            {
                var at = clockAt.At(Max(clockAt.Day, closeDay));
                item.Close(Actor.System, at, noticeDays: 0);
            }
        }

        counts.ByStatus[item.Status]++;
        if (item.Status is not (ItemStatus.SignedOff or ItemStatus.Closed) && item.DueDate < today)
        {
            counts.Overdue++;
        }

        return item;
    }

    private static string? Mechanism(DeadlineType type, Random random) =>
        type == DeadlineType.LongTerm ? GeneratorText.Pick(random, GeneratorText.Mechanisms) : null;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>A moment on <paramref name="day"/> in the ledger's time zone, <paramref name="minute"/> minutes after midnight.</summary>
    private DateTimeOffset At(DateOnly day, int minute, Random random)
    {
        var local = day.ToDateTime(new TimeOnly(0, 0)).AddMinutes(minute + random.Next(0, 30));
        return new DateTimeOffset(local, clock.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Moments of one item's life: office hours, never going back in time.</summary>
    private sealed class ItemClock(LedgerGenerator generator, Random random, DateOnly start)
    {
        private DateTimeOffset _last = DateTimeOffset.MinValue;

        public DateOnly Day { get; private set; } = start;

        public DateTimeOffset At(DateOnly day)
        {
            var candidate = generator.At(day, 8 * 60 + 30 + random.Next(0, 8 * 60), random);
            _last = candidate > _last ? candidate : _last.AddMinutes(random.Next(1, 20));
            Day = day > Day ? day : Day;
            return _last;
        }
    }

    /// <summary>Assigns ids and seals generated audit entries into the chain, continuing from the last sealed entry.</summary>
    private sealed class AuditCursor
    {
        private long _nextId;
        private string _previous = "";

        public static async Task<AuditCursor> StartAsync(RectifyDbContext db, CancellationToken cancellationToken)
        {
            var last = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Select(a => new { a.Id, a.Hash }).FirstOrDefaultAsync(cancellationToken);
            return new AuditCursor { _nextId = (last?.Id ?? 0) + 1, _previous = last?.Hash ?? "" };
        }

        public void Seal(List<AuditEntry> entries)
        {
            // Time order within a chunk; the chain itself is in id order (what verify-audit checks).
            entries.Sort((a, b) => a.At.CompareTo(b.At));
            foreach (var entry in entries)
            {
                entry.Id = _nextId++;
                entry.PreviousHash = _previous;
                entry.Hash = AuditChain.Compute(entry, _previous);
                _previous = entry.Hash;
            }
        }

        public async Task FinishAsync(RectifyDbContext db, CancellationToken cancellationToken)
        {
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync("SELECT setval(pg_get_serial_sequence('\"AuditEntries\"', 'Id'), (SELECT MAX(\"Id\") FROM \"AuditEntries\"))", cancellationToken);
            }
        }
    }
}
