using Rectify.Domain;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Imports a problem list from an .xlsx in two steps. <see cref="CheckFileAsync"/> saves nothing: the file becomes rows
/// (<see cref="ImportFileReader"/>: refuses what is not a usable spreadsheet), the rows become planned items or errors by
/// row, column and reason (<see cref="ImportRowChecker"/>: names resolved, every rule the domain's). <see cref="ImportAsync"/>
/// then creates the planned items through the domain (<see cref="RectificationItem.Create"/>,
/// <see cref="RectificationItem.AddMeasure"/>) and writes them as an import run in short transactions (<see cref="ImportRuns"/>,
/// decision 0023); a failure or a cancellation rolls the run back, so it leaves no item behind.
/// The same file twice is refused (its SHA-256 is kept in <see cref="ImportRecord"/>), and rows whose description the
/// list already has are skipped, so an edited file adds only what is new. Administrators only.
/// </summary>
public sealed class LedgerExcelImporter(
    IDbContextFactory<RectifyDbContext> dbFactory,
    ImportFileReader files,
    ImportRowChecker checker,
    ImportRuns runs,
    LedgerClock clock,
    IStringLocalizer<Text> T,
    ILogger<LedgerExcelImporter> logger)
{
    public long MaxUploadBytes => files.MaxUploadBytes;

    /// <summary>The refusal of a file of this size when it is too large, for the page to give before a byte is sent.</summary>
    public ImportCheck? RefuseBySize(long size, string fileName) =>
        size > MaxUploadBytes ? ImportCheck.Refused(files.TooLarge(), fileName) : null;

    /// <summary>Checks an uploaded file. The stream is read once (copied to a temporary file with the size limit applied).</summary>
    public async Task<ImportCheck> CheckFileAsync(
        Stream upload, string fileName, ImportTarget target, AccessContext access,
        IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!ItemAccess.CanCreate(access.Actor))
        {
            return ImportCheck.Refused(T["LedgerIO.Import.Forbidden"], fileName);
        }

        using var file = await files.ReceiveAsync(upload, cancellationToken);
        if (file.Refusal is not null)
        {
            return ImportCheck.Refused(file.Refusal, fileName);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await ImportRuns.PreviousAsync(db, file.Sha256, cancellationToken) is { } previous)
        {
            return ImportCheck.Refused(Refusal(previous), fileName);
        }

        var read = files.ReadRows(file, progress, cancellationToken);
        if (read.Refusal is not null)
        {
            return ImportCheck.Refused(read.Refusal, fileName);
        }

        var check = await checker.CheckAsync(db, read.Rows, target, access, progress, cancellationToken);
        return check.Refusal is null ? check with { Sha256 = file.Sha256, FileName = fileName } : check;
    }

    /// <summary>Checks rows that did not come from a file (drafts from a 述职报告).</summary>
    public async Task<ImportCheck> CheckRowsAsync(
        IReadOnlyList<LedgerRowInput> rows, ImportTarget target, AccessContext access, CancellationToken cancellationToken = default)
    {
        if (!ItemAccess.CanCreate(access.Actor))
        {
            return ImportCheck.Refused(T["LedgerIO.Import.Forbidden"]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await checker.CheckAsync(db, rows, target, access, null, cancellationToken);
    }

    /// <summary>
    /// Creates the checked items without holding the database's write lock for the whole run (decision 0023): the run is
    /// recorded (<see cref="ImportRuns.StartAsync"/>, which checks the file's hash again), every item is built and checked by
    /// the domain before anything more is written, then <see cref="ImportRuns.WriteAndPublishAsync"/> writes and publishes
    /// them. A cancellation or any error rolls the run back (<see cref="ImportRuns.RollBackAsync"/>), so the user sees all or
    /// nothing; a run whose process dies is rolled back by <see cref="ImportRecovery"/>.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(
        ImportCheck check, AccessContext access, IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!check.CanImport || check.Target is not { } target)
        {
            return ImportOutcome.Failed(check.Refusal ?? T["LedgerIO.Import.NothingToImport"]);
        }

        if (!ItemAccess.CanCreate(access.Actor))
        {
            return ImportOutcome.Failed(T["LedgerIO.Import.Forbidden"]);
        }

        var now = clock.Now;
        var today = clock.Today;
        var runId = Guid.CreateVersion7(now);
        StartedRun run;
        try
        {
            var started = await runs.StartAsync(runId, check, target, access, now, cancellationToken);
            if (started.Previous is { } previous)
            {
                return ImportOutcome.Failed(Refusal(previous));
            }

            run = started.Run!;
        }
        catch (DomainException e)
        {
            // Validated before, so only a change by someone else since the check gets here (a deactivated organisation…).
            return ImportOutcome.Failed(T.Refusal(e).Message);
        }

        try
        {
            // Every item is built (and checked by the domain) before the first batch is written.
            var items = new List<RectificationItem>(run.Planned.Count);
            var sequence = run.FirstSequence;
            foreach (var plan in run.Planned)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = RectificationItem.Create(access, run.List, sequence++, plan.Details, today, now);
                for (var m = 0; m < plan.Measures.Count; m++)
                {
                    // Measures are ordered by their time-based ids: a millisecond apart keeps the sheet's order.
                    item.AddMeasure(access, plan.Measures[m], null, null, now.AddMilliseconds(m + 1));
                }

                items.Add(item);
            }

            await runs.WriteAndPublishAsync(run, items, progress, cancellationToken);
            logger.LogInformation("Imported {Created} items ({Skipped} skipped) into problem list {ListId} from {File}.", items.Count, run.Skipped, run.List.Id, check.FileName);
            progress?.Report(new LedgerProgress(LedgerPhase.Done, items.Count, items.Count));
            return new ImportOutcome(true, null, run.List.Id, items.Count, run.Skipped);
        }
        catch (Exception e)
        {
            var reason = e is OperationCanceledException ? "cancelled" : "failed";
            if (e is not OperationCanceledException and not ImportAbandonedException)
            {
                logger.LogError(e, "Import run {Run} failed; rolling it back.", runId);
            }

            await runs.RollBackAsync(runId, reason, CancellationToken.None);
            if (e is OperationCanceledException)
            {
                throw;
            }

            return ImportOutcome.Failed(e is DomainException domain ? T.Refusal(domain).Message : T["LedgerIO.Import.Failed"]);
        }
    }

    /// <summary>The refusal of a file imported before, or being imported now.</summary>
    private string Refusal(PreviousImport previous) => previous.State == ImportState.Running
        ? T["LedgerIO.Import.InProgress", previous.Title]
        : T["LedgerIO.Import.AlreadyImported", DateFormat.LongDate(DateOnly.FromDateTime(clock.ToLocal(previous.ImportedAt).DateTime)), previous.Title];
}
