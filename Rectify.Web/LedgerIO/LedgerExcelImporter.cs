using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Rectify.Documents;
using Rectify.Domain;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;
using Rectify.Web.Identity;
using Rectify.Web.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Web.LedgerIO;

/// <summary>
/// Imports a problem list from an .xlsx in two steps: <see cref="CheckFileAsync"/> refuses what is not a usable
/// spreadsheet and validates every row (errors by row, column and reason) without saving anything;
/// <see cref="ImportAsync"/> then creates all planned items through the domain (<see cref="RectificationItem.Create"/>,
/// <see cref="RectificationItem.AddMeasure"/>) in short transactions and publishes them at once; a failure or a cancellation
/// rolls the run back, so it leaves no item behind (decision 0023).
/// The same file twice is refused (its SHA-256 is kept in <see cref="ImportRecord"/>), and rows whose description the
/// list already has are skipped, so an edited file adds only what is new. Administrators only.
/// </summary>
public sealed partial class LedgerExcelImporter(
    IDbContextFactory<RectifyDbContext> dbFactory,
    IOptions<LedgerIOOptions> options,
    IOptions<FileLimitsOptions> limits,
    LedgerClock clock,
    ImportRuns runs,
    IStringLocalizer<Text> T,
    TextCatalog texts,
    ILogger<LedgerExcelImporter> logger)
{
    /// <summary>Items written per transaction: a few hundred keep each hold of SQLite's write lock to tens of milliseconds.</summary>
    private const int SaveBatch = 200;
    /// <summary>
    /// On SQLite, the pause after each batch: a writer kept waiting by a batch retries every 150 ms (Microsoft.Data.Sqlite's
    /// busy loop), so a longer pause lets every waiting writer in before the next batch, instead of only the lucky ones.
    /// PostgreSQL locks rows, not the database: no pause there.
    /// </summary>
    private static readonly TimeSpan SqliteBatchPause = TimeSpan.FromMilliseconds(200);

    private const int HeaderSearchRows = 20;

    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    /// <summary>Checks an uploaded file. The stream is read once (copied to a temporary file with the size limit applied).</summary>
    public async Task<ImportCheck> CheckFileAsync(
        Stream upload, string fileName, ImportTarget target, AccessContext access,
        IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!ItemAccess.CanCreate(access.Actor))
        {
            return ImportCheck.Refused(T["LedgerIO.Import.Forbidden"], fileName);
        }

        var limit = options.Value.MaxUploadBytes;
        if (upload.CanSeek && upload.Length - upload.Position > limit)
        {
            return ImportCheck.Refused(TooLarge(limit), fileName);
        }

        var temp = Path.Combine(Path.GetTempPath(), $"rectify-import-{Guid.NewGuid():N}.xlsx");
        try
        {
            string hash;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        return ImportCheck.Refused(TooLarge(limit), fileName);
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
                if (total == 0)
                {
                    return ImportCheck.Refused(T["LedgerIO.Import.EmptyFile"], fileName);
                }
            }

            if (RefuseByContent(temp) is { } refusal)
            {
                return ImportCheck.Refused(refusal, fileName);
            }

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await PreviousImportAsync(db, hash, cancellationToken) is { } previous)
            {
                return ImportCheck.Refused(previous, fileName);
            }

            // Parsing the workbook is CPU work on the calling thread: the page calls this through Task.Run.
            List<LedgerRowInput> rows;
            await using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                var read = ReadRows(stream, progress, cancellationToken);
                if (read.Refusal is not null)
                {
                    return ImportCheck.Refused(read.Refusal, fileName);
                }

                rows = read.Rows;
            }

            var check = await CheckRowsAsync(db, rows, target, access, progress, cancellationToken);
            return check.Refusal is null ? Clone(check, hash, fileName) : check;
        }
        finally
        {
            TryDelete(temp);
        }
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
        return await CheckRowsAsync(db, rows, target, access, null, cancellationToken);
    }

    /// <summary>
    /// Creates the checked items without holding the database's write lock for the whole run (decision 0023): the items are
    /// built and checked by the domain before anything is written; then a short transaction records the run (and creates a
    /// new list), batches of <see cref="SaveBatch"/> items follow, each in its own short transaction (other users' writes
    /// get in between), and a last short transaction publishes them all at once. Until then they carry the run's id and no
    /// command changes them. A cancellation or any error rolls the run back (<see cref="ImportRuns.RollBackAsync"/>), so
    /// the user sees all or nothing; a run whose process dies is rolled back by <see cref="ImportRecovery"/>. The file's
    /// hash is checked again when the run is recorded, so two administrators importing one file cannot both succeed.
    /// </summary>
    public async Task<ImportOutcome> ImportAsync(
        ImportCheck check, AccessContext access, IProgress<LedgerProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!check.CanImport || check.Target is not { } target)
        {
            return new ImportOutcome(false, check.Refusal ?? T["LedgerIO.Import.NothingToImport"], Guid.Empty, 0, 0);
        }

        if (!ItemAccess.CanCreate(access.Actor))
        {
            return new ImportOutcome(false, T["LedgerIO.Import.Forbidden"], Guid.Empty, 0, 0);
        }

        var now = clock.Now;
        var today = clock.Today;
        var runId = Guid.CreateVersion7(now);
        Prepared prepared;
        try
        {
            var started = await StartRunAsync(check, target, access, runId, now, cancellationToken);
            if (started.Refusal is not null)
            {
                return new ImportOutcome(false, started.Refusal, Guid.Empty, 0, 0);
            }

            prepared = started.Prepared!;
        }
        catch (DomainException e)
        {
            // Validated before, so only a change by someone else since the check gets here (a deactivated organisation…).
            return new ImportOutcome(false, T.Refusal(e).Message, Guid.Empty, 0, 0);
        }

        try
        {
            // Every item is built (and checked by the domain) before the first batch is written.
            var items = new List<RectificationItem>(prepared.Planned.Count);
            var sequence = prepared.FirstSequence;
            foreach (var plan in prepared.Planned)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = RectificationItem.Create(access, prepared.List, sequence++, plan.Details, today, now);
                for (var m = 0; m < plan.Measures.Count; m++)
                {
                    // Measures are ordered by their time-based ids: a millisecond apart keeps the sheet's order.
                    item.AddMeasure(access, plan.Measures[m], null, null, now.AddMilliseconds(m + 1));
                }

                items.Add(item);
            }

            progress?.Report(new LedgerProgress(LedgerPhase.Saving, 0, items.Count));
            var done = 0;
            var pause = prepared.Sqlite ? SqliteBatchPause : TimeSpan.Zero;
            foreach (var chunk in items.Chunk(SaveBatch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (done > 0 && pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, cancellationToken);
                }

                await WriteBatchAsync(runId, chunk, cancellationToken);
                done += chunk.Length;
                progress?.Report(new LedgerProgress(LedgerPhase.Saving, done, items.Count));
            }

            cancellationToken.ThrowIfCancellationRequested();
            await PublishAsync(runId, items.Count, prepared.Skipped, cancellationToken);
            logger.LogInformation("Imported {Created} items ({Skipped} skipped) into problem list {ListId} from {File}.", items.Count, prepared.Skipped, prepared.List.Id, check.FileName);
            progress?.Report(new LedgerProgress(LedgerPhase.Done, items.Count, items.Count));
            return new ImportOutcome(true, null, prepared.List.Id, items.Count, prepared.Skipped);
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

            return new ImportOutcome(false, e is DomainException domain ? T.Refusal(domain).Message : T["LedgerIO.Import.Failed"], Guid.Empty, 0, 0);
        }
    }

    private sealed record Prepared(ProblemList List, int FirstSequence, IReadOnlyList<PlannedItem> Planned, int Skipped, bool Sqlite);

    private sealed record Started(Prepared? Prepared, string? Refusal);

    /// <summary>One short transaction: the hash checked again, the list found or created, the run recorded as running.</summary>
    private async Task<Started> StartRunAsync(ImportCheck check, ImportTarget target, AccessContext access, Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // Take the write lock before reading, so no other import of the same file records itself in between.
            await db.Database.ExecuteSqlRawAsync("UPDATE \"ImportRecords\" SET \"State\" = \"State\" WHERE 0", cancellationToken);
        }

        if (check.Sha256 is { } hash && await PreviousImportAsync(db, hash, cancellationToken) is { } previous)
        {
            return new Started(null, previous);
        }

        ProblemList list;
        if (target.ExistingListId is { } listId)
        {
            list = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, cancellationToken)
                ?? throw new DomainException("import.list.missing");
        }
        else
        {
            list = ProblemList.Create(access, target.NewTitle ?? "", target.NewSource, target.NewDate, target.NewIssuingOrganizationId, now);
            db.ProblemLists.Add(list);
        }

        var existing = await db.Items.Where(i => i.ProblemListId == list.Id).Select(i => new { i.Number, i.Description }).ToListAsync(cancellationToken);
        var known = existing.Select(e => Key(e.Description)).ToHashSet(StringComparer.Ordinal);
        var planned = check.Items.Where(p => !known.Contains(Key(p.Details.Description))).ToList();
        var skipped = check.Skipped.Count + (check.Items.Count - planned.Count);
        db.Set<ImportRecord>().Add(new ImportRecord
        {
            Id = runId,
            Sha256 = check.Sha256,
            FileName = Truncate(check.FileName, LedgerLimits.FileName),
            ProblemListId = list.Id,
            ImportedBy = access.Actor.UserId,
            ImportedAt = now,
            SkippedCount = skipped,
            State = ImportState.Running,
            HeartbeatAt = now,
            CreatedList = target.ExistingListId is null,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Started(new Prepared(list, ItemNumber.NextSequence(list.NumberPrefix, existing.Select(e => e.Number)), planned, skipped, db.Database.IsSqlite()), null);
    }

    /// <summary>One short transaction: the run's heartbeat (refused when the run is no longer running), then a batch of items.</summary>
    private async Task WriteBatchAsync(Guid runId, IReadOnlyList<RectificationItem> chunk, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await HeartbeatAsync(db, runId, cancellationToken);
        foreach (var item in chunk)
        {
            db.Items.Add(item);
            db.Entry(item).Property<Guid?>(ImportRuns.ItemRunId).CurrentValue = runId;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One short transaction: every item of the run becomes an ordinary item, and the run is recorded as completed.</summary>
    private async Task PublishAsync(Guid runId, int created, int skipped, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await HeartbeatAsync(db, runId, cancellationToken);
        await db.Items.Where(i => EF.Property<Guid?>(i, ImportRuns.ItemRunId) == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => EF.Property<Guid?>(i, ImportRuns.ItemRunId), (Guid?)null), cancellationToken);
        await db.Set<ImportRecord>().Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ImportState.Completed).SetProperty(r => r.CreatedCount, created).SetProperty(r => r.SkippedCount, skipped), cancellationToken);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task HeartbeatAsync(RectifyDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var alive = await db.Set<ImportRecord>().Where(r => r.Id == runId && r.State == ImportState.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.HeartbeatAt, now), cancellationToken);
        if (alive == 0)
        {
            throw new ImportAbandonedException(runId);
        }
    }

    private string TooLarge(long limit) => T["LedgerIO.Import.TooLarge", Math.Round(limit / 1024d / 1024d, 1)];

    /// <summary>Looks at the first bytes: an .xlsx is a zip; an .exe, an old .xls or a text file is named as such.</summary>
    private string? RefuseByContent(string path)
    {
        Span<byte> head = stackalloc byte[8];
        int length;
        using (var file = File.OpenRead(path))
        {
            length = file.Read(head);
        }

        head = head[..length];
        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            return null;
        }

        if (head.StartsWith("MZ"u8))
        {
            return T["LedgerIO.Import.Executable"];
        }

        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return T["LedgerIO.Import.OldExcel"];
        }

        return T["LedgerIO.Import.NotXlsx"];
    }

    private sealed record ReadResult(List<LedgerRowInput> Rows, string? Refusal);

    private ReadResult ReadRows(Stream stream, IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        XlsxSheetReader reader;
        try
        {
            reader = XlsxSheetReader.Open(stream, limits.Value, cancellationToken);
        }
        catch (FileLimitException e)
        {
            return Refused(e);
        }
        catch (InvalidDataException)
        {
            return new ReadResult([], T["LedgerIO.Import.Corrupt"]);
        }

        using (reader)
        {
            if (!reader.IsWorkbook)
            {
                return new ReadResult([], T["LedgerIO.Import.Corrupt"]);
            }

            if (!reader.HasSheet)
            {
                return new ReadResult([], T["LedgerIO.Import.EmptySheet"]);
            }

            Dictionary<int, LedgerColumn>? columns = null;
            var rows = new List<LedgerRowInput>();
            var seen = 0;
            try
            {
                foreach (var row in reader.Rows())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (++seen % 1000 == 0)
                    {
                        progress?.Report(new LedgerProgress(LedgerPhase.Reading, row.Number, reader.DeclaredRowCount));
                    }

                    if (row.IsBlank)
                    {
                        continue;
                    }

                    if (columns is null)
                    {
                        var found = row.Cells.Select(c => (c.Key, Column: LedgerColumns.FromHeader(c.Value.Text)))
                            .Where(c => c.Column is not null)
                            .GroupBy(c => c.Column!.Value)
                            .ToDictionary(g => g.First().Key, g => g.Key);
                        if (found.ContainsValue(LedgerColumn.Description))
                        {
                            var missing = LedgerColumns.Required.Where(c => !found.ContainsValue(c)).ToList();
                            if (missing.Count > 0)
                            {
                                return new ReadResult([], T["LedgerIO.Import.MissingColumns", string.Join("、", missing.Select(LedgerColumns.Header))]);
                            }

                            columns = found;
                        }
                        else if (row.Number >= HeaderSearchRows)
                        {
                            break;
                        }

                        continue;
                    }

                    var cells = new Dictionary<LedgerColumn, SheetCell>();
                    foreach (var (index, column) in columns)
                    {
                        if (row.Cells.TryGetValue(index, out var cell))
                        {
                            cells[column] = cell;
                        }
                    }

                    rows.Add(new LedgerRowInput(row.Number, cells));
                }
            }
            catch (FileLimitException e)
            {
                return Refused(e);
            }
            catch (Exception e) when (e is System.Xml.XmlException or InvalidDataException or IOException or InvalidOperationException)
            {
                logger.LogInformation(e, "Unreadable worksheet in an import.");
                return new ReadResult([], T["LedgerIO.Import.Corrupt"]);
            }

            if (seen == 0)
            {
                return new ReadResult([], T["LedgerIO.Import.EmptySheet"]);
            }

            if (columns is null)
            {
                return new ReadResult([], T["LedgerIO.Import.NoHeader", string.Join("、", LedgerColumns.Required.Select(LedgerColumns.Header))]);
            }

            return rows.Count == 0 ? new ReadResult([], T["LedgerIO.Import.NoRows"]) : new ReadResult(rows, null);
        }
    }

    /// <summary>A file past a limit of <see cref="FileLimitsOptions"/>: nothing more is read from it.</summary>
    private ReadResult Refused(FileLimitException e)
    {
        logger.LogWarning("Import file refused: past the {Limit} limit ({Value}).", e.Limit, e.Value);
        return new ReadResult([], e.UserMessage(T));
    }

    private async Task<string?> PreviousImportAsync(RectifyDbContext db, string hash, CancellationToken cancellationToken)
    {
        var previous = await (
                from r in db.Set<ImportRecord>()
                join l in db.ProblemLists on r.ProblemListId equals l.Id
                where r.Sha256 == hash && r.State != ImportState.RollingBack
                orderby r.ImportedAt
                select new { r.ImportedAt, l.Title, r.State })
            .FirstOrDefaultAsync(cancellationToken);
        if (previous is null)
        {
            return null;
        }

        if (previous.State == ImportState.Running)
        {
            return T["LedgerIO.Import.InProgress", previous.Title].Value;
        }

        return T["LedgerIO.Import.AlreadyImported", DateFormat.LongDate(DateOnly.FromDateTime(clock.ToLocal(previous.ImportedAt).DateTime)), previous.Title].Value;
    }

    private async Task<ImportCheck> CheckRowsAsync(
        RectifyDbContext db, IReadOnlyList<LedgerRowInput> rows, ImportTarget target, AccessContext access,
        IProgress<LedgerProgress>? progress, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var today = clock.Today;

        // The target list: an existing one, or a new one checked by the domain without saving it.
        ProblemList list;
        var existingDescriptions = new HashSet<string>(StringComparer.Ordinal);
        if (target.ExistingListId is { } listId)
        {
            var found = await db.ProblemLists.AsNoTracking().SingleOrDefaultAsync(l => l.Id == listId, cancellationToken);
            if (found is null)
            {
                return ImportCheck.Refused(T["LedgerIO.Import.ListMissing"]);
            }

            list = found;
            existingDescriptions.UnionWith((await db.Items.Where(i => i.ProblemListId == listId).Select(i => i.Description).ToListAsync(cancellationToken)).Select(Key));
        }
        else
        {
            try
            {
                list = ProblemList.Create(access, target.NewTitle ?? "", target.NewSource, target.NewDate, target.NewIssuingOrganizationId, now);
            }
            catch (DomainException e)
            {
                return ImportCheck.Refused(T.Refusal(e).Message!);
            }
        }

        var lookups = await Lookups.LoadAsync(db, cancellationToken);
        var errors = new List<ImportError>();
        var errorCount = 0;
        var skipped = new List<ImportSkip>();
        var planned = new List<PlannedItem>();
        var inFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var immediateDefault = today.AddDays(options.Value.ImmediateDeadlineDays);
        var done = 0;
        var counted = 0;

        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++done % 500 == 0)
            {
                progress?.Report(new LedgerProgress(LedgerPhase.Validating, done, rows.Count));
            }

            if (IsSampleMarker(row.Text(LedgerColumn.Sequence)))
            {
                continue;
            }

            counted++;

            var rowErrors = new List<ImportError>();
            void Error(LedgerColumn column, string reason) => rowErrors.Add(new ImportError(row.Row, LedgerColumns.Header(column), reason));

            // Here only what turns the sheet's text into values: names into people and organisations, text into a
            // deadline. Every rule on the values themselves is the domain's (below), reported under the column of its field.
            var sourceText = row.Text(LedgerColumn.Source);
            if (sourceText.Length > 0)
            {
                if (!ProblemSourceNames.TryParse(sourceText, out var source))
                {
                    Error(LedgerColumn.Source, T["LedgerIO.Import.UnknownSource", sourceText, string.Join("、", Enum.GetValues<ProblemSource>().Select(ProblemSourceNames.Name))]);
                }
                else if (source != list.Source)
                {
                    Error(LedgerColumn.Source, T["LedgerIO.Import.SourceMismatch", ProblemSourceNames.Name(source), ProblemSourceNames.Name(list.Source)]);
                }
            }

            var organizationId = 0;
            var organizationName = row.Text(LedgerColumn.Organization);
            if (organizationName.Length > 0)
            {
                if (lookups.Organizations.TryGetValue(Key(organizationName), out var organization))
                {
                    organizationId = organization.Id;
                }
                else
                {
                    Error(LedgerColumn.Organization, T["LedgerIO.Import.UnknownOrganization", organizationName]);
                }
            }

            var ownerId = Person(row, LedgerColumn.Owner, lookups, mustLead: false, Error);
            var leaderId = Person(row, LedgerColumn.Leader, lookups, mustLead: true, Error);

            (DeadlineType Type, DateOnly? Deadline, ReportingPeriod? Period)? deadline = (DeadlineType.ByDate, null, null);
            if (row.Text(LedgerColumn.Deadline).Length > 0)
            {
                deadline = DeadlineText.Parse(T, row.Cell(LedgerColumn.Deadline)?.Text, row.Cell(LedgerColumn.Deadline)?.IsNumber == true, immediateDefault, out var deadlineError);
                if (deadline is null)
                {
                    Error(LedgerColumn.Deadline, deadlineError ?? T["LedgerIO.Import.Required", LedgerColumns.Header(LedgerColumn.Deadline)]);
                }
            }

            var description = row.Text(LedgerColumn.Description);
            var measures = MeasureLines(row.Text(LedgerColumn.Measures));
            var remarks = row.Text(LedgerColumn.Remarks);
            var category = row.Text(LedgerColumn.Category) is { Length: > 0 } c ? c : Categories.Suggested[^1];
            var schedule = deadline ?? (DeadlineType.ByDate, null, null);
            var details = new ItemDetails(description, category, organizationId, ownerId ?? "", leaderId ?? "", schedule.Type, schedule.Deadline, schedule.Period, remarks.Length == 0 ? null : remarks);

            // What the domain would refuse at import time, refused now, with the row and the column of the refusal's field.
            // A column that already has an error above (a name not found…) gets no second one.
            var unresolved = rowErrors.Select(e => e.Column).ToHashSet(StringComparer.Ordinal);
            foreach (var problem in RectificationItem.ProblemsOfNew(access, details, measures, today))
            {
                var column = ColumnOf(problem.Field);
                if (!unresolved.Contains(LedgerColumns.Header(column)))
                {
                    Error(column, DomainText.Message(T, problem));
                }
            }

            if (rowErrors.Count == 0)
            {
                var key = Key(description);
                if (existingDescriptions.Contains(key))
                {
                    skipped.Add(new ImportSkip(row.Row, description, T["LedgerIO.Import.Exists"]));
                }
                else if (inFile.TryGetValue(key, out var firstRow))
                {
                    skipped.Add(new ImportSkip(row.Row, description, T["LedgerIO.Import.Repeated", firstRow]));
                }
                else
                {
                    inFile[key] = row.Row;
                    planned.Add(new PlannedItem(row.Row, details, measures));
                }
            }

            errorCount += rowErrors.Count;
            if (errors.Count < ImportCheck.MaxErrorsShown)
            {
                errors.AddRange(rowErrors.Take(ImportCheck.MaxErrorsShown - errors.Count));
            }
        }

        progress?.Report(new LedgerProgress(LedgerPhase.Validating, rows.Count, rows.Count));
        return new ImportCheck
        {
            Errors = errors,
            ErrorCount = errorCount,
            Skipped = skipped,
            Items = planned,
            RowCount = counted,
            Target = target,
        };
    }

    private string? Person(LedgerRowInput row, LedgerColumn column, Lookups lookups, bool mustLead, Action<LedgerColumn, string> error)
    {
        var name = row.Text(column);
        if (name.Length == 0)
        {
            // The domain requires the person (item.owner.required, item.leader.required).
            return null;
        }

        var byUserName = lookups.Users.Where(u => string.Equals(u.UserName, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = byUserName.Count > 0 ? byUserName : lookups.Users.Where(u => u.DisplayName == name).ToList();
        if (matches.Count == 0)
        {
            error(column, T["LedgerIO.Import.UnknownPerson", name]);
            return null;
        }

        if (matches.Count > 1)
        {
            error(column, T["LedgerIO.Import.AmbiguousPerson", name]);
            return null;
        }

        var person = matches[0];
        if (!person.IsActive)
        {
            error(column, T["LedgerIO.Import.InactivePerson", name]);
            return null;
        }

        if (mustLead && !person.IsLeader)
        {
            error(column, T["LedgerIO.Import.NotLeader", name]);
            return null;
        }

        return person.Id;
    }

    /// <summary>整改措施 one per line; numbering the user typed (1. 1、 （1） ① 一是) is removed.</summary>
    public static IReadOnlyList<string> MeasureLines(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(line => MeasureNumber().Replace(line.Trim(), "").Trim())
            .Where(line => line.Length > 0)
            .ToList();

    [GeneratedRegex(@"^(?:\d{1,3}\s*[.、．)）]|[（(]\s*\d{1,3}\s*[)）]|[①-⑳]|[一二三四五六七八九十]+\s*[是、]|[-•·*])\s*")]
    private static partial Regex MeasureNumber();

    /// <summary>Descriptions compared without spaces and final punctuation, so a re-typed row is still recognised.</summary>
    private static string Key(string description) =>
        string.Concat(description.Where(c => !char.IsWhiteSpace(c))).TrimEnd('。', '.', '；', ';');

    /// <summary>The column that holds the input a domain refusal names (<see cref="DomainException.Field"/>): the input of
    /// <see cref="ItemDetails"/> and the item's measures. A refusal of the item as a whole goes to the description.</summary>
    public static LedgerColumn ColumnOf(string? field) => field switch
    {
        nameof(ItemDetails.Description) => LedgerColumn.Description,
        nameof(ItemDetails.Category) => LedgerColumn.Category,
        nameof(ItemDetails.ResponsibleOrganizationId) => LedgerColumn.Organization,
        nameof(ItemDetails.OwnerId) => LedgerColumn.Owner,
        nameof(ItemDetails.LeaderId) => LedgerColumn.Leader,
        nameof(ItemDetails.DeadlineType) or nameof(ItemDetails.Deadline) or nameof(ItemDetails.Period) => LedgerColumn.Deadline,
        nameof(ItemDetails.Remarks) => LedgerColumn.Remarks,
        nameof(RectificationItem.Measures) => LedgerColumn.Measures,
        _ => LedgerColumn.Description,
    };

    private static ImportCheck Clone(ImportCheck check, string hash, string fileName) => new()
    {
        Errors = check.Errors,
        ErrorCount = check.ErrorCount,
        Skipped = check.Skipped,
        Items = check.Items,
        RowCount = check.RowCount,
        Target = check.Target,
        Sha256 = hash,
        FileName = fileName,
    };

    /// <summary>The template's sample row, in either language the template was downloaded in.</summary>
    private bool IsSampleMarker(string sequence) =>
        Hosting.RectifyApp.SupportedCultures.Any(c => sequence == texts.For(c)["LedgerIO.Template.SampleMarker"]);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private sealed record PersonEntry(string Id, string DisplayName, string? UserName, bool IsActive, bool IsLeader);

    private sealed record OrganizationEntry(int Id, bool IsActive);

    private sealed record Lookups(IReadOnlyDictionary<string, OrganizationEntry> Organizations, IReadOnlyList<PersonEntry> Users)
    {
        public static async Task<Lookups> LoadAsync(RectifyDbContext db, CancellationToken cancellationToken)
        {
            var organizations = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name, o.IsActive }).ToListAsync(cancellationToken);
            var leaderRole = await db.Roles.Where(r => r.Name == Roles.Leader).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
            var users = await db.Users.AsNoTracking()
                .Select(u => new PersonEntry(u.Id, u.DisplayName, u.UserName, u.IsActive, db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == leaderRole)))
                .ToListAsync(cancellationToken);
            // Active organisations win over inactive ones of the same name.
            var byName = organizations.OrderBy(o => o.IsActive).GroupBy(o => Key(o.Name)).ToDictionary(g => g.Key, g => new OrganizationEntry(g.Last().Id, g.Last().IsActive), StringComparer.Ordinal);
            return new Lookups(byName, users);
        }
    }
}
