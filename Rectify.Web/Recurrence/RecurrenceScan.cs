using Rectify.Domain.Recurrence;

namespace Rectify.Web.Recurrence;

/// <summary>
/// 屡查屡犯 among items already in the ledger (entered before the suggestions existed, imported, or not marked when entered):
/// for every item not marked as a recurrence, the earlier items of the same organisation, scored in memory
/// (<see cref="RecurrenceSearch.CandidatesAsync"/>) are ranked by <see cref="ProblemSimilarity"/>; the best one entered before
/// it, scoring at least <see cref="ProblemSimilarity.SuggestThreshold"/> and not dismissed for this pair, becomes a
/// <see cref="RecurrenceProposal"/>. An item with a proposal waiting is left alone, so a scan run again proposes only what is
/// new. Run by the command <c>find-recurrences</c> and after an import (the list imported into).
/// </summary>
public sealed class RecurrenceScan(IDbContextFactory<RectifyDbContext> dbFactory, LedgerClock clock, ILogger<RecurrenceScan> logger)
{
    /// <summary>Items looked at per unit of work.</summary>
    public const int Batch = 200;

    /// <summary>Scans the items created on or after <paramref name="createdSince"/> (all of them when null).</summary>
    public async Task<RecurrenceScanResult> ScanAsync(DateOnly? createdSince = null, IProgress<RecurrenceScanResult>? progress = null, CancellationToken cancellationToken = default)
    {
        int looked = 0, proposed = 0;
        var after = "";
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var query = db.Items.AsNoTracking().Where(i => i.RecurrenceOfItemId == null && string.Compare(i.Number, after) > 0);
            if (createdSince is { } since)
            {
                query = query.Where(i => i.CreatedOn >= since);
            }

            var batch = await query
                .OrderBy(i => i.Number)
                .Select(i => new Scanned(i.Id, i.Number, i.Description, i.ResponsibleOrganizationId, i.CreatedAt))
                .Take(Batch)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Number;
            looked += batch.Count;
            proposed += await ScanBatchAsync(db, batch, cancellationToken);
            progress?.Report(new RecurrenceScanResult(looked, proposed));
        }

        logger.LogInformation("Recurrence scan looked at {Checked} items and proposed {Proposed} pairs.", looked, proposed);
        return new RecurrenceScanResult(looked, proposed);
    }

    /// <summary>Scans the items of a problem list (after an import into it).</summary>
    public async Task<RecurrenceScanResult> ScanListAsync(Guid problemListId, CancellationToken cancellationToken = default)
    {
        List<Guid> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            ids = await db.Items.Where(i => i.ProblemListId == problemListId && i.RecurrenceOfItemId == null).Select(i => i.Id).ToListAsync(cancellationToken);
        }

        return await ScanItemsAsync(ids, cancellationToken);
    }

    /// <summary>Scans the given items.</summary>
    public async Task<RecurrenceScanResult> ScanItemsAsync(IReadOnlyCollection<Guid> itemIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        int looked = 0, proposed = 0;
        foreach (var chunk in itemIds.Chunk(Batch))
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await db.Items.AsNoTracking()
                .Where(i => chunk.Contains(i.Id) && i.RecurrenceOfItemId == null)
                .Select(i => new Scanned(i.Id, i.Number, i.Description, i.ResponsibleOrganizationId, i.CreatedAt))
                .ToListAsync(cancellationToken);
            looked += batch.Count;
            proposed += await ScanBatchAsync(db, batch, cancellationToken);
        }

        return new RecurrenceScanResult(looked, proposed);
    }

    private async Task<int> ScanBatchAsync(RectifyDbContext db, List<Scanned> batch, CancellationToken cancellationToken)
    {
        var ids = batch.Select(b => b.Id).ToList();
        var waiting = (await db.RecurrenceProposals.Where(p => ids.Contains(p.ItemId)).Select(p => p.ItemId).ToListAsync(cancellationToken)).ToHashSet();
        var dismissed = (await db.RecurrenceDismissals.Where(d => ids.Contains(d.ItemId)).Select(d => new { d.ItemId, d.EarlierItemId }).ToListAsync(cancellationToken))
            .Select(d => (d.ItemId, d.EarlierItemId)).ToHashSet();

        var candidatesOf = new Dictionary<Guid, List<Guid>>();
        var organizationItems = new Dictionary<int, List<RecurrenceSearch.Candidate>>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            foreach (var item in batch.Where(b => !waiting.Contains(b.Id)))
            {
                var terms = SearchTerms.Trigrams(item.Description);
                if (terms.Count > 0)
                {
                    candidatesOf[item.Id] = await RecurrenceSearch.CandidatesAsync(db, item.Description, terms, item.OrganizationId, cancellationToken, organizationItems);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var candidateIds = candidatesOf.Values.SelectMany(c => c).Distinct().ToList();
        var candidates = new Dictionary<Guid, Scanned>();
        foreach (var chunk in candidateIds.Chunk(500))
        {
            foreach (var c in await db.Items.AsNoTracking()
                         .Where(i => chunk.Contains(i.Id))
                         .Select(i => new Scanned(i.Id, i.Number, i.Description, i.ResponsibleOrganizationId, i.CreatedAt))
                         .ToListAsync(cancellationToken))
            {
                candidates[c.Id] = c;
            }
        }

        var now = clock.Now;
        var added = 0;
        foreach (var item in batch)
        {
            if (!candidatesOf.TryGetValue(item.Id, out var found))
            {
                continue;
            }

            var earlier = found
                .Where(id => id != item.Id && candidates.ContainsKey(id) && !dismissed.Contains((item.Id, id)))
                .Select(id => candidates[id])
                .Where(c => c.CreatedAt < item.CreatedAt)
                .OrderBy(c => c.Number, StringComparer.Ordinal);
            if (ProblemSimilarity.Rank(item.Description, earlier, c => c.Description, 1) is [var best])
            {
                db.RecurrenceProposals.Add(new RecurrenceProposal
                {
                    Id = Guid.CreateVersion7(now), ItemId = item.Id, EarlierItemId = best.Candidate.Id, Score = best.Score, FoundAt = now,
                });
                added++;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another scan proposed the same pair in between: its proposal stands, this batch's are dropped.
            logger.LogInformation(e, "Recurrence proposals of a batch were written by another scan first.");
            return 0;
        }

        return added;
    }

    private sealed record Scanned(Guid Id, string Number, string Description, int OrganizationId, DateTimeOffset CreatedAt);
}
