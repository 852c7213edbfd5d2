using Rectify.Domain;

namespace Rectify.Web.Evidence;

/// <summary>
/// Uploads evidence together with an item action. Nothing is read from the upload, let alone written, before the user is
/// known to be allowed (<see cref="AuthorizeAsync"/>: the item exists, the user may work on it, the page's version is
/// current, one upload's size and the user's hourly bound are respected). Then every file is written and checked; only
/// when all are accepted does the action run through <see cref="ItemCommands"/> (which checks permission, version and the
/// domain again, so a change in between is still refused), attaching the files to the item, or to the progress report the
/// action returns. When anything is refused, the files written are deleted again, so a refusal changes nothing, on disk or
/// in the database.
/// </summary>
public sealed class EvidenceUploads(
    EvidenceStore store, ItemCommands commands, ActorAccessor actors, IDbContextFactory<RectifyDbContext> dbFactory,
    IOptions<EvidenceOptions> options, TimeProvider time, IStringLocalizer<Text> text)
{
    /// <summary>The most files one action may carry (the item page offers the same).</summary>
    public const int MaxFilesPerUpload = 10;

    /// <summary>The main action; returns the progress report the files belong to, or null for the item as a whole.</summary>
    public delegate Guid? ItemOperationWithFiles(RectificationItem item, AccessContext access, DateOnly today, DateTimeOffset now);

    /// <summary>填报整改进展 with files attached to the new report (the item page's panel; <see cref="SubmitProgressAsync"/>).</summary>
    public async Task<CommandResult> AddProgressAsync(
        Guid itemId, int expectedVersion, ProgressForm form, IReadOnlyList<PickedFile> files, CancellationToken cancellationToken = default) =>
        (await SubmitProgressAsync(await actors.GetAsync(cancellationToken), itemId, expectedVersion, form, files, cancellationToken)).Result;

    /// <summary>
    /// 填报整改进展 with files attached to the new report, at most once per submitted form (decision 0063). A form with a
    /// <see cref="ProgressForm.SubmissionId"/> that this user already saved on this item adds nothing: the answer is the one
    /// the first submission got (Ok with the item's version right after that report and its files, and the report's id),
    /// whatever the item's version is now. That holds also when both arrive at once: the second is refused by the version
    /// check or by the unique index on (SubmissionId, ItemId), and then finds the first. Someone else's submission id is
    /// refused as a conflict, as a stale form is. Without a submission id (an older page), every submission adds a report.
    /// </summary>
    public async Task<ProgressSubmission> SubmitProgressAsync(
        AccessContext access, Guid itemId, int expectedVersion, ProgressForm form, IReadOnlyList<PickedFile> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(form);
        if (form.SubmissionId is Guid earlierId && await EarlierSubmissionAsync(access, itemId, earlierId, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        Guid? reportId = null;
        var result = await RunAsync(access, itemId, expectedVersion, files, (item, a, today, now) =>
            reportId = item.AddProgress(a, form.Date ?? today, form.Text, form.Percent, today, now, form.SubmissionId).Id, cancellationToken);
        if (result.Status == CommandStatus.Conflict && form.SubmissionId is Guid id
            && await EarlierSubmissionAsync(access, itemId, id, cancellationToken) is { } concurrent)
        {
            // The same form, saved by another request while this one ran (on this instance or another).
            return concurrent;
        }

        return new ProgressSubmission(result, result.Succeeded ? reportId : null);
    }

    /// <summary>The answer to the report saved on the item from this submission id, or null when there is none.</summary>
    private async Task<ProgressSubmission?> EarlierSubmissionAsync(AccessContext access, Guid itemId, Guid submissionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.Set<ProgressReport>()
            .Where(p => EF.Property<Guid>(p, "ItemId") == itemId && p.SubmissionId == submissionId)
            .Select(p => new { p.Id, p.AuthorId, p.ItemVersion })
            .SingleOrDefaultAsync(cancellationToken);
        if (report is null)
        {
            return null;
        }

        if (report.AuthorId != access.Actor.UserId)
        {
            return new ProgressSubmission(text.Conflict(), null);
        }

        // Each file attached with the report bumped the version once, in the same save.
        var files = await db.Set<EvidenceFile>().CountAsync(e => e.ProgressReportId == report.Id, cancellationToken);
        return new ProgressSubmission(CommandResult.Ok((report.ItemVersion ?? 0) + files), report.Id);
    }

    /// <summary>Files for the item as a whole (佐证材料), without a progress report.</summary>
    public Task<CommandResult> AttachEvidenceAsync(Guid itemId, int expectedVersion, IReadOnlyList<PickedFile> files, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, files, (_, _, _, _) => null, cancellationToken);

    public async Task<CommandResult> RunAsync(
        Guid itemId, int expectedVersion, IReadOnlyList<PickedFile> files, ItemOperationWithFiles operation, CancellationToken cancellationToken = default) =>
        await RunAsync(await actors.GetAsync(cancellationToken), itemId, expectedVersion, files, operation, cancellationToken);

    /// <summary>
    /// Whether <paramref name="access"/> may upload <paramref name="files"/> to the item now: null when so, else the refusal.
    /// Reads no file. <paramref name="expectedVersion"/> null: not known yet (the form endpoint asks before reading the body).
    /// </summary>
    public async Task<CommandResult?> AuthorizeAsync(
        AccessContext access, Guid itemId, int? expectedVersion, IReadOnlyList<PickedFile> files, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.Items.AsNoTracking().SingleOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return text.NotFound();
        }

        if (!ItemAccess.CanRead(access.Actor, item, access.Organizations))
        {
            return text.Forbidden();
        }

        if (!ItemAccess.CanWorkOn(access.Actor, item))
        {
            return text.Refusal(new DomainForbiddenException("item.forbidden.work"));
        }

        if (expectedVersion is { } version && item.Version != version)
        {
            return text.Conflict();
        }

        if (files.Count > MaxFilesPerUpload)
        {
            // The page stops the user before this; the form endpoint (POST /items/{id}/progress) is held to it here.
            return text.Invalid("ItemDetail.TooManyFiles", MaxFilesPerUpload);
        }

        var limits = options.Value;
        var adding = files.Sum(f => Math.Max(f.Size, 0));
        if (adding > limits.MaxUploadBytes)
        {
            return CommandResult.Invalid(store.UploadTooLargeMessage());
        }

        foreach (var file in files)
        {
            if (store.Precheck(file.Name, file.Size) is { } refusal)
            {
                return CommandResult.Invalid(refusal);
            }
        }

        // The hourly bound, from the evidence recorded (shared by every instance, kept across restarts). Asked without
        // files (the form endpoint, before reading the body), it refuses only a user already at the bound.
        var since = time.GetUtcNow().AddHours(-1);
        var recent = db.Set<EvidenceFile>().Where(e => e.UploadedBy == access.Actor.UserId && e.UploadedAt >= since);
        var count = await recent.CountAsync(cancellationToken);
        var bytes = count == 0 ? 0 : await recent.SumAsync(e => e.Size, cancellationToken);
        var over = files.Count == 0
            ? count >= limits.MaxFilesPerUserPerHour || bytes >= limits.MaxBytesPerUserPerHour
            : count + files.Count > limits.MaxFilesPerUserPerHour || bytes + adding > limits.MaxBytesPerUserPerHour;
        if (over)
        {
            return new CommandResult(CommandStatus.RateLimited, text["Evidence.HourlyLimit", count, EvidenceStore.SizeText(bytes), limits.MaxFilesPerUserPerHour, EvidenceStore.SizeText(limits.MaxBytesPerUserPerHour)]);
        }

        return null;
    }

    public async Task<CommandResult> RunAsync(
        AccessContext access, Guid itemId, int expectedVersion, IReadOnlyList<PickedFile> files, ItemOperationWithFiles operation, CancellationToken cancellationToken = default)
    {
        if (await AuthorizeAsync(access, itemId, expectedVersion, files, cancellationToken) is { } refused)
        {
            return refused;
        }

        var stored = new List<StoredEvidence>();
        try
        {
            foreach (var file in files)
            {
                var refusal = store.Precheck(file.Name, file.Size);
                EvidenceSaveResult saved;
                if (refusal is not null)
                {
                    saved = new EvidenceSaveResult(null, refusal);
                }
                else
                {
                    await using var stream = file.Open(store.MaxFileBytes + 1);
                    saved = await store.SaveAsync(file.Name, file.Size, stream, cancellationToken);
                }

                if (saved.File is null)
                {
                    await DeleteAllAsync(stored);
                    return CommandResult.Invalid(saved.Error!);
                }

                stored.Add(saved.File);
            }
        }
        catch
        {
            await DeleteAllAsync(stored);
            throw;
        }

        CommandResult result;
        try
        {
            result = await commands.RunAsync(access, itemId, expectedVersion, (item, a, today, now) =>
            {
                var reportId = operation(item, a, today, now);
                foreach (var file in stored)
                {
                    item.AttachEvidence(a, file.FileName, file.ContentType, file.Size, file.StorageKey, now, reportId);
                }
            }, cancellationToken);
        }
        catch
        {
            await DeleteAllAsync(stored);
            throw;
        }

        if (!result.Succeeded)
        {
            await DeleteAllAsync(stored);
        }

        return result;
    }

    private async Task DeleteAllAsync(IEnumerable<StoredEvidence> files)
    {
        foreach (var file in files)
        {
            await store.DeleteAsync(file.StorageKey);
        }
    }
}

/// <summary>What a progress form carries besides its files and the version it was made from.</summary>
/// <param name="Date">The report's date; null: today.</param>
/// <param name="SubmissionId">Made when the form was rendered; null from forms older than decision 0063.</param>
public sealed record ProgressForm(DateOnly? Date, string Text, int? Percent, Guid? SubmissionId);

/// <summary>The outcome of a progress submission, and the report's id when it was saved (now or by an earlier submission).</summary>
public sealed record ProgressSubmission(CommandResult Result, Guid? ReportId);
