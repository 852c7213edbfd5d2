using Rectify.Domain;
using Rectify.Web.Admin;

namespace Rectify.Web.Ledger;

/// <summary>
/// 问题清单: lists and adding their items. Administrators only (checked here and by the domain). Items are added
/// all-or-nothing: every row goes through <see cref="RectificationItem.Create"/> in one context and one transaction, and
/// if any row is refused nothing is saved. Numbers continue the list's sequence, computed inside that transaction.
/// </summary>
public sealed class ProblemListService(
    IDbContextFactory<RectifyDbContext> dbFactory, AdminGuard guard, ItemQueries items, LedgerClock clock, ILogger<ProblemListService> logger,
    IStringLocalizer<Text> text)
{
    public const int MaxRowsPerBatch = 200;

    public async Task<CommandResult<IReadOnlyList<ProblemListRow>>> ListAsync(CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is null)
        {
            return guard.Forbidden();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lists = await (from l in db.ProblemLists.AsNoTracking()
                           join o in db.Organizations on l.IssuingOrganizationId equals o.Id
                           orderby l.Date descending, l.CreatedAt descending
                           select new { l.Id, l.Title, l.Source, l.Date, l.IssuingOrganizationId, o.Name })
            .ToListAsync(cancellationToken);
        var counts = await db.Items.GroupBy(i => new { i.ProblemListId, i.Status })
            .Select(g => new { g.Key.ProblemListId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        IReadOnlyList<ProblemListRow> rows = lists.Select(l => new ProblemListRow(
            l.Id, l.Title, l.Source, l.Date, l.IssuingOrganizationId, l.Name,
            counts.Where(c => c.ProblemListId == l.Id).ToDictionary(c => c.Status, c => c.Count))).ToList();
        return CommandResult<IReadOnlyList<ProblemListRow>>.Ok(rows);
    }

    public async Task<CommandResult<ProblemListRow>> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(cancellationToken);
        if (!all.Succeeded)
        {
            return new CommandResult<ProblemListRow>(all.Status, null, all.Message);
        }

        return all.Value!.SingleOrDefault(l => l.Id == id) is { } row
            ? CommandResult<ProblemListRow>.Ok(row)
            : text.Invalid("ProblemLists.NotFound");
    }

    /// <summary>How many of a list's items its page shows (a problem list has tens of items, the generated ones ~250).</summary>
    public const int MaxItemsShown = 1000;

    /// <summary>The list's items in number order (all of them, up to <see cref="MaxItemsShown"/>).</summary>
    public async Task<CommandResult<IReadOnlyList<ItemRow>>> ItemsAsync(Guid listId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        // One query however long the list (it was read in pages of 200, a count and a page each).
        return CommandResult<IReadOnlyList<ItemRow>>.Ok(
            await items.FirstAsync(access, new ItemFilter { ProblemListId = listId, Sort = ItemSort.Number }, MaxItemsShown, cancellationToken));
    }

    public async Task<CommandResult<Guid>> CreateAsync(
        string title, ProblemSource source, DateOnly? date, int? issuingOrganizationId, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        if (date is null)
        {
            return text.Invalid("ProblemLists.DateRequired");
        }

        if (issuingOrganizationId is null)
        {
            return text.Invalid("ProblemLists.OrganizationRequired");
        }

        try
        {
            var list = ProblemList.Create(access, title, source, date.Value, issuingOrganizationId.Value, clock.Now);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.ProblemLists.Add(list);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult<Guid>.Ok(list.Id);
        }
        catch (DomainException e)
        {
            return text.Refusal(e);
        }
    }

    /// <summary>
    /// Adds the rows as items of the list, numbered after the list's highest number. All or nothing: when any row is
    /// refused the result lists every refused row (with its Chinese reason) and nothing is saved.
    /// </summary>
    public async Task<AddItemsResult> AddItemsAsync(Guid listId, IReadOnlyList<NewItemRow> rows, CancellationToken cancellationToken = default)
    {
        if (await guard.RequireAsync(cancellationToken) is not { } access)
        {
            return guard.Forbidden();
        }

        if (rows.Count == 0)
        {
            return text.Invalid("ProblemLists.NoRows");
        }

        if (rows.Count > MaxRowsPerBatch)
        {
            return text.Invalid("ProblemLists.TooManyRows", MaxRowsPerBatch);
        }

        // Two administrators adding to the same list at once could pick the same numbers; the unique index refuses the
        // second save and one retry computes fresh numbers.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryAddItemsAsync(access, listId, rows, cancellationToken);
            }
            catch (Exception e) when (attempt == 1 && IsCollision(e))
            {
                logger.LogInformation(e, "Adding items to list {ListId} collided with another change; retrying once.", listId);
            }
            catch (Exception e) when (IsCollision(e))
            {
                logger.LogWarning(e, "Adding items to list {ListId} failed twice.", listId);
                return text.Invalid("ProblemLists.NumberConflict");
            }
        }
    }

    /// <summary>
    /// A save refused by a concurrent one: the unique number (DbUpdateException), or on PostgreSQL a deadlock between the two
    /// inserts (40P01), which Npgsql's execution strategy reports wrapped in an InvalidOperationException.
    /// </summary>
    private static bool IsCollision(Exception e) => e is DbUpdateException || e is InvalidOperationException { InnerException: DbUpdateException };

    private async Task<AddItemsResult> TryAddItemsAsync(AccessContext access, Guid listId, IReadOnlyList<NewItemRow> rows, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var list = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, cancellationToken);
        if (list is null)
        {
            return text.Invalid("ProblemLists.NotFound");
        }

        var secretaries = await ActiveInRoleAsync(db, Roles.Secretary, cancellationToken);
        var leaders = await ActiveInRoleAsync(db, Roles.Leader, cancellationToken);
        var numbers = await db.Items.Where(i => i.ProblemListId == listId).Select(i => i.Number).ToListAsync(cancellationToken);
        var next = ItemNumber.NextSequence(list.NumberPrefix, numbers);
        var earlierIds = rows.Select(r => r.RecurrenceOfItemId).OfType<Guid>().Distinct().ToList();
        var earlier = earlierIds.Count == 0 ? [] : await db.Items.AsNoTracking().Include(i => i.Measures)
            .Where(i => earlierIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var today = clock.Today;
        var now = clock.Now;

        var created = new List<RectificationItem>();
        var errors = new List<RowError>();
        for (var i = 0; i < rows.Count; i++)
        {
            try
            {
                created.Add(CreateItem(access, list, next + created.Count, rows[i], secretaries, leaders, earlier, today, now));
            }
            catch (DomainException e)
            {
                errors.Add(new RowError(i + 1, text.Refusal(e).Message!));
            }
        }

        if (errors.Count > 0)
        {
            return new AddItemsResult(CommandStatus.Invalid, text["ProblemLists.RowsRefused", errors.Count], errors, []);
        }

        db.Items.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new AddItemsResult(CommandStatus.Ok, null, [], created.Select(c => c.Number).ToList());
    }

    private static RectificationItem CreateItem(
        AccessContext access, ProblemList list, int sequence, NewItemRow row,
        IReadOnlySet<string> secretaries, IReadOnlySet<string> leaders, IReadOnlyDictionary<Guid, RectificationItem> earlier,
        DateOnly today, DateTimeOffset now)
    {
        if (row.OrganizationId is null)
        {
            throw new DomainException("item.organization.required");
        }

        var longTerm = row.DeadlineType == DeadlineType.LongTerm;
        var details = new ItemDetails(
            row.Description, row.Category, row.OrganizationId.Value, row.OwnerId ?? "", row.LeaderId ?? "", row.DeadlineType,
            longTerm ? null : row.Deadline, longTerm ? row.Period : null, row.Remarks);
        var item = RectificationItem.Create(access, list, sequence, details, today, now);

        // The domain needs an owner and a leader; that they are people with those roles is this application's rule.
        if (!secretaries.Contains(item.OwnerId))
        {
            throw new DomainException("item.owner.not_secretary");
        }

        if (!leaders.Contains(item.LeaderId))
        {
            throw new DomainException("item.leader.not_leader");
        }

        foreach (var measure in row.MeasureLines())
        {
            item.AddMeasure(access, measure, item.OwnerId, null, now);
        }

        if (row.RecurrenceOfItemId is Guid earlierId)
        {
            item.MarkRecurrence(access, earlierId, earlier.GetValueOrDefault(earlierId), now);
        }

        return item;
    }

    private static async Task<IReadOnlySet<string>> ActiveInRoleAsync(RectifyDbContext db, string role, CancellationToken cancellationToken) =>
        (await db.Users
            .Where(u => u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)))
            .Select(u => u.Id)
            .ToListAsync(cancellationToken)).ToHashSet();
}
