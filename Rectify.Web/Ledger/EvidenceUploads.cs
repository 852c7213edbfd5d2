using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Localization;

namespace Rectify.Web.Ledger;

/// <summary>One file the user picked: its name, the size the browser declared, and a way to read it (given the most bytes to accept).</summary>
public sealed record PickedFile(string Name, long Size, Func<long, Stream> Open);

/// <summary>
/// Uploads evidence together with an item action: every file is written and checked first; only when all are accepted does
/// the action run through <see cref="ItemCommands"/> (same permission, version and domain checks as any action), attaching
/// the files to the item, or to the progress report the action returns. When anything is refused, the files written are
/// deleted again, so a refusal changes nothing, on disk or in the database.
/// </summary>
public sealed class EvidenceUploads(EvidenceStore store, ItemCommands commands, ActorAccessor actors)
{
    /// <summary>The most files one action may carry (the item page offers the same).</summary>
    public const int MaxFilesPerUpload = 10;

    /// <summary>The main action; returns the progress report the files belong to, or null for the item as a whole.</summary>
    public delegate Guid? ItemOperationWithFiles(RectificationItem item, AccessContext access, DateOnly today, DateTimeOffset now);

    /// <summary>填报整改进展 with files attached to the new report.</summary>
    public Task<CommandResult> AddProgressAsync(
        Guid itemId, int expectedVersion, DateOnly date, string text, int? percent, IReadOnlyList<PickedFile> files, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, files, (item, access, today, now) => item.AddProgress(access, date, text, percent, today, now).Id, cancellationToken);

    /// <summary>Files for the item as a whole (佐证材料), without a progress report.</summary>
    public Task<CommandResult> AttachEvidenceAsync(Guid itemId, int expectedVersion, IReadOnlyList<PickedFile> files, CancellationToken cancellationToken = default) =>
        RunAsync(itemId, expectedVersion, files, (_, _, _, _) => null, cancellationToken);

    public async Task<CommandResult> RunAsync(
        Guid itemId, int expectedVersion, IReadOnlyList<PickedFile> files, ItemOperationWithFiles operation, CancellationToken cancellationToken = default) =>
        await RunAsync(await actors.GetAsync(cancellationToken), itemId, expectedVersion, files, operation, cancellationToken);

    public async Task<CommandResult> RunAsync(
        AccessContext access, Guid itemId, int expectedVersion, IReadOnlyList<PickedFile> files, ItemOperationWithFiles operation, CancellationToken cancellationToken = default)
    {
        if (files.Count > MaxFilesPerUpload)
        {
            // The page stops the user before this; the form endpoint (POST /items/{id}/progress) is held to it here.
            return CommandResult.Invalid(TextFormat.Get("ItemDetail.TooManyFiles", MaxFilesPerUpload));
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
                    DeleteAll(stored);
                    return CommandResult.Invalid(saved.Error!);
                }

                stored.Add(saved.File);
            }
        }
        catch
        {
            DeleteAll(stored);
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
            DeleteAll(stored);
            throw;
        }

        if (!result.Succeeded)
        {
            DeleteAll(stored);
        }

        return result;
    }

    private void DeleteAll(IEnumerable<StoredEvidence> files)
    {
        foreach (var file in files)
        {
            store.Delete(file.StorageKey);
        }
    }
}
