using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
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
/// <see cref="RectificationItem.AddMeasure"/>) in one transaction, so a failure or a cancellation leaves the database as it was.
/// The same file twice is refused (its SHA-256 is kept in <see cref="ImportRecord"/>), and rows whose description the
/// list already has are skipped, so an edited file adds only what is new. Administrators only.
/// </summary>
public sealed partial class LedgerExcelImporter(
    IDbContextFactory<RectifyDbContext> dbFactory,
    IOptions<LedgerIOOptions> options,
    IOptions<FileLimitsOptions> limits,
    LedgerClock clock,
    IStringLocalizer<Text> T,
    TextCatalog texts,
    ILogger<LedgerExcelImporter> logger)
{
    private const int SaveBatch = 500;
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
    /// Creates the checked items in one transaction, saving in batches so progress can be shown and the work cancelled;
    /// a cancellation or any error rolls everything back. The file's hash and the list's descriptions are checked again
    /// inside the transaction, so two administrators importing at once cannot both succeed with the same file.
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
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            if (check.Sha256 is { } hash && await PreviousImportAsync(db, hash, cancellationToken) is { } previous)
            {
                return new ImportOutcome(false, previous, Guid.Empty, 0, 0);
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
            var sequence = ItemNumber.NextSequence(list.NumberPrefix, existing.Select(e => e.Number));
            var planned = check.Items.Where(p => !known.Contains(Key(p.Details.Description))).ToList();
            var skipped = check.Skipped.Count + (check.Items.Count - planned.Count);
            progress?.Report(new LedgerProgress(LedgerPhase.Saving, 0, planned.Count));

            var done = 0;
            foreach (var chunk in planned.Chunk(SaveBatch))
            {
                foreach (var plan in chunk)
                {
                    var item = RectificationItem.Create(access, list, sequence++, plan.Details, today, now);
                    for (var m = 0; m < plan.Measures.Count; m++)
                    {
                        // Measures are ordered by their time-based ids: a millisecond apart keeps the sheet's order.
                        item.AddMeasure(access, plan.Measures[m], null, null, now.AddMilliseconds(m + 1));
                    }

                    db.Items.Add(item);
                }

                cancellationToken.ThrowIfCancellationRequested();
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                done += chunk.Length;
                progress?.Report(new LedgerProgress(LedgerPhase.Saving, done, planned.Count));
            }

            if (check.Sha256 is { } sha256)
            {
                db.Set<ImportRecord>().Add(new ImportRecord
                {
                    Id = Guid.CreateVersion7(now),
                    Sha256 = sha256,
                    FileName = Truncate(check.FileName, LedgerLimits.FileName),
                    ProblemListId = list.Id,
                    ImportedBy = access.Actor.UserId,
                    ImportedAt = now,
                    CreatedCount = planned.Count,
                    SkippedCount = skipped,
                });
            }

            // Saves the new list even when every row was skipped (nothing else to save then).
            await db.SaveChangesAsync(cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            await transaction.CommitAsync(CancellationToken.None);
            logger.LogInformation("Imported {Created} items ({Skipped} skipped) into problem list {ListId} from {File}.", planned.Count, skipped, list.Id, check.FileName);
            progress?.Report(new LedgerProgress(LedgerPhase.Done, planned.Count, planned.Count));
            return new ImportOutcome(true, null, list.Id, planned.Count, skipped);
        }
        catch (DomainException e)
        {
            // Validated before, so only a change by someone else since the check gets here (a deactivated organisation…).
            return new ImportOutcome(false, T.Refusal(e).Message, Guid.Empty, 0, 0);
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
                where r.Sha256 == hash
                orderby r.ImportedAt
                select new { r.ImportedAt, l.Title })
            .FirstOrDefaultAsync(cancellationToken);
        if (previous is null)
        {
            return null;
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

            var description = row.Text(LedgerColumn.Description);
            if (description.Length == 0)
            {
                Error(LedgerColumn.Description, T["LedgerIO.Import.Required", LedgerColumns.Header(LedgerColumn.Description)]);
            }
            else if (description.Length > LedgerLimits.Description)
            {
                Error(LedgerColumn.Description, T["LedgerIO.Import.TooLong", LedgerColumns.Header(LedgerColumn.Description), LedgerLimits.Description]);
            }

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

            int? organizationId = null;
            var organizationName = row.Text(LedgerColumn.Organization);
            if (organizationName.Length == 0)
            {
                Error(LedgerColumn.Organization, T["LedgerIO.Import.Required", LedgerColumns.Header(LedgerColumn.Organization)]);
            }
            else if (!lookups.Organizations.TryGetValue(Key(organizationName), out var organization))
            {
                Error(LedgerColumn.Organization, T["LedgerIO.Import.UnknownOrganization", organizationName]);
            }
            else if (!organization.IsActive)
            {
                Error(LedgerColumn.Organization, T["LedgerIO.Import.InactiveOrganization", organizationName]);
            }
            else
            {
                organizationId = organization.Id;
            }

            var ownerId = Person(row, LedgerColumn.Owner, lookups, mustLead: false, Error);
            var leaderId = Person(row, LedgerColumn.Leader, lookups, mustLead: true, Error);

            var deadline = DeadlineText.Parse(T, row.Cell(LedgerColumn.Deadline)?.Text, row.Cell(LedgerColumn.Deadline)?.IsNumber == true, immediateDefault, out var deadlineError);
            if (deadline is null)
            {
                Error(LedgerColumn.Deadline, deadlineError ?? T["LedgerIO.Import.Required", LedgerColumns.Header(LedgerColumn.Deadline)]);
            }
            else if (deadline.Value.Deadline < today)
            {
                Error(LedgerColumn.Deadline, T["LedgerIO.Import.DeadlinePast", DeadlineText.Iso(deadline.Value.Deadline.Value)]);
            }

            var measures = MeasureLines(row.Text(LedgerColumn.Measures));
            foreach (var measure in measures.Where(m => m.Length > LedgerLimits.MeasureText))
            {
                Error(LedgerColumn.Measures, T["LedgerIO.Import.MeasureTooLong", LedgerLimits.MeasureText, measure[..20]]);
            }

            var remarks = row.Text(LedgerColumn.Remarks);
            if (remarks.Length > LedgerLimits.Remarks)
            {
                Error(LedgerColumn.Remarks, T["LedgerIO.Import.TooLong", LedgerColumns.Header(LedgerColumn.Remarks), LedgerLimits.Remarks]);
            }

            var category = row.Text(LedgerColumn.Category) is { Length: > 0 } c ? c : Categories.Suggested[^1];
            if (category.Length > LedgerLimits.Category)
            {
                Error(LedgerColumn.Category, T["LedgerIO.Import.TooLong", LedgerColumns.Header(LedgerColumn.Category), LedgerLimits.Category]);
            }

            if (rowErrors.Count == 0)
            {
                var details = new ItemDetails(description, category, organizationId!.Value, ownerId!, leaderId!, deadline!.Value.Type, deadline.Value.Deadline, deadline.Value.Period, remarks.Length == 0 ? null : remarks);
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
                    // What the domain would refuse at import time, refused now, with the row and column.
                    try
                    {
                        var item = RectificationItem.Create(access, list, 1, details, today, now);
                        foreach (var measure in measures)
                        {
                            item.AddMeasure(access, measure, null, null, now);
                        }

                        inFile[key] = row.Row;
                        planned.Add(new PlannedItem(row.Row, details, measures));
                    }
                    catch (DomainException e)
                    {
                        Error(ColumnOf(e.Code), T.Refusal(e).Message!);
                    }
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
            error(column, T["LedgerIO.Import.Required", LedgerColumns.Header(column)]);
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

    private static LedgerColumn ColumnOf(string code) => code switch
    {
        _ when code.StartsWith("item.description", StringComparison.Ordinal) => LedgerColumn.Description,
        _ when code.StartsWith("item.category", StringComparison.Ordinal) => LedgerColumn.Category,
        _ when code.StartsWith("item.organization", StringComparison.Ordinal) => LedgerColumn.Organization,
        _ when code.StartsWith("item.owner", StringComparison.Ordinal) => LedgerColumn.Owner,
        _ when code.StartsWith("item.leader", StringComparison.Ordinal) => LedgerColumn.Leader,
        _ when code.StartsWith("item.measure", StringComparison.Ordinal) => LedgerColumn.Measures,
        _ when code.StartsWith("item.remarks", StringComparison.Ordinal) => LedgerColumn.Remarks,
        _ when code.StartsWith("item.deadline", StringComparison.Ordinal) || code.StartsWith("item.period", StringComparison.Ordinal) => LedgerColumn.Deadline,
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
