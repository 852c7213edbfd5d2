using Rectify.Domain;

namespace Rectify.Web.Ledger;

/// <summary>
/// Runs one user action on one item: loads the aggregate in a fresh context, checks that the user may see it and that
/// nobody changed it since the user's page showed <c>expectedVersion</c>, applies the domain operation, and saves it with
/// its audit entries. Refusals come back as a <see cref="CommandResult"/> with a message; nothing is saved then.
/// </summary>
public sealed class ItemCommands(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, LedgerClock clock, ILogger<ItemCommands> logger,
    IStringLocalizer<Text> text)
{
    /// <summary>The refusal's code (text under "Domain.item.importing").</summary>
    public const string ItemBeingImported = "item.importing";

    public delegate void ItemOperation(RectificationItem item, AccessContext access, DateOnly today, DateTimeOffset now);

    // ---- the item page's actions, one named operation each (the aggregate checks who may, in which state, with what input) ----

    public Task<CommandResult> AddMeasureAsync(Guid itemId, int expectedVersion, string text, DateOnly? dueDate, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.AddMeasure(access, text, null, dueDate, now), cancellationToken);

    public Task<CommandResult> SetMeasureDoneAsync(Guid itemId, int expectedVersion, Guid measureId, bool done, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.SetMeasureDone(access, measureId, done, now), cancellationToken);

    /// <summary>申请销号, with the 长效机制 for a 长期坚持 item (null keeps the one given before).</summary>
    public Task<CommandResult> AskSignOffAsync(Guid itemId, int expectedVersion, string summary, string? mechanism, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.RequestSignOff(access, summary, now, mechanism), cancellationToken);

    public Task<CommandResult> ApproveSignOffAsync(Guid itemId, int expectedVersion, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.ApproveSignOff(access, now), cancellationToken);

    public Task<CommandResult> SendBackAsync(Guid itemId, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.SendBack(access, reason, now), cancellationToken);

    public Task<CommandResult> RequestExtensionAsync(Guid itemId, int expectedVersion, DateOnly newDeadline, string reason, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, today, now) => item.RequestExtension(access, newDeadline, reason, today, now), cancellationToken);

    public Task<CommandResult> DecideExtensionAsync(
        Guid itemId, int expectedVersion, Guid requestId, bool approve, string? comment, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.DecideExtension(access, requestId, approve, comment, now), cancellationToken);

    public Task<CommandResult> ReopenAsync(Guid itemId, int expectedVersion, string reason, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, _, now) => item.Reopen(access, reason, now), cancellationToken);

    /// <summary>The administrator's edit on the item page: description, category, deadline (not for 长期坚持) and remarks;
    /// organisation, people, deadline type and period stay as they are.</summary>
    public Task<CommandResult> UpdateDetailsAsync(
        Guid itemId, int expectedVersion, string description, string category, DateOnly? deadline, string? remarks, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, (item, access, today, now) => item.UpdateDetails(access, new ItemDetails(
            description, category, item.ResponsibleOrganizationId, item.OwnerId, item.LeaderId, item.DeadlineType,
            item.DeadlineType == DeadlineType.LongTerm ? null : deadline, item.Period, remarks), today, now), cancellationToken);

    /// <summary>
    /// 标记为复发 (屡查屡犯): the item is the same weakness as <paramref name="earlierId"/> found again; null clears the mark. The
    /// earlier item is loaded here and the domain decides whether it may be named (exists, another, readable, entered before).
    /// </summary>
    public async Task<CommandResult> MarkRecurrenceAsync(Guid itemId, int expectedVersion, Guid? earlierId, CancellationToken cancellationToken = default)
    {
        RectificationItem? earlier = null;
        if (earlierId is Guid id)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            earlier = await LoadAggregateAsync(db, id, cancellationToken);
        }

        return await RunAsync(itemId, expectedVersion, (item, access, _, now) => item.MarkRecurrence(access, earlierId, earlier, now), cancellationToken);
    }

    // ---- the general form every operation above goes through ----

    public async Task<CommandResult> RunAsync(Guid itemId, int expectedVersion, ItemOperation operation, CancellationToken cancellationToken = default)
    {
        AccessContext access;
        try
        {
            access = await actors.GetAsync(cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            // The page outlived its session (signed out, deactivated, rights changed): refuse, change nothing.
            return text.Forbidden("Session.Ended");
        }

        return await RunAsync(access, itemId, expectedVersion, operation, cancellationToken);
    }

    public async Task<CommandResult> RunAsync(AccessContext access, Guid itemId, int expectedVersion, ItemOperation operation, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await LoadAggregateAsync(db, itemId, cancellationToken);
        if (item is null)
        {
            return text.NotFound();
        }

        if (!ItemAccess.CanRead(access.Actor, item, access.Organizations))
        {
            return text.Forbidden();
        }

        if (item.Version != expectedVersion)
        {
            return text.Conflict();
        }

        if (LedgerIO.ImportRuns.IsUnpublished(db, item))
        {
            // Written by an import still running (decision 0023): it may yet be rolled back, so nobody works on it before then.
            return text.Refusal(new DomainException(ItemBeingImported));
        }

        try
        {
            operation(item, access, clock.Today, clock.Now);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(item.Version);
        }
        catch (DomainException e)
        {
            return text.Refusal(e);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Concurrent change of item {ItemId} refused.", itemId);
            return text.Conflict();
        }
        catch (DbUpdateException e) when (IsDuplicateSubmission(e))
        {
            // The same progress form saved meanwhile by another request (decision 0063): refused as a conflict; the caller
            // (EvidenceUploads) then finds that report and answers as it was answered.
            logger.LogInformation("Progress form submitted twice at once on item {ItemId}: the second refused.", itemId);
            return text.Conflict();
        }
    }

    /// <summary>True when SaveChanges failed on the unique index of a progress report's submission id (both providers).</summary>
    public static bool IsDuplicateSubmission(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            // SQLITE_CONSTRAINT_UNIQUE names the columns: "UNIQUE constraint failed: ProgressReports.ItemId, ProgressReports.SubmissionId".
            Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067
                && sqlite.Message.Contains("ProgressReports.SubmissionId", StringComparison.Ordinal),
            // PostgreSQL unique_violation, on that index.
            Npgsql.PostgresException postgres => postgres.SqlState == "23505"
                && postgres.ConstraintName == Data.Configurations.ProgressReportConfiguration.SubmissionIndex,
            _ => false,
        };
    }

    /// <summary>The whole aggregate, children included (split queries: no cartesian product of five collections).</summary>
    public static Task<RectificationItem?> LoadAggregateAsync(RectifyDbContext db, Guid itemId, CancellationToken cancellationToken) =>
        db.Items
            .Include(i => i.Measures.OrderBy(m => m.Position))
            .Include(i => i.ProgressReports)
            .Include(i => i.Evidence)
            .Include(i => i.Extensions)
            .Include(i => i.SignOffDecisions)
            .AsSplitQuery()
            .SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
}
