using Microsoft.EntityFrameworkCore;
using Rectify.Domain;
using Rectify.Domain.Access;
using Rectify.Domain.Ledger;
using Rectify.Web.Data;

namespace Rectify.Web.Ledger;

/// <summary>
/// Runs one user action on one item: loads the aggregate in a fresh context, checks that the user may see it and that
/// nobody changed it since the user's page showed <c>expectedVersion</c>, applies the domain operation, and saves it with
/// its audit entries. Refusals come back as a <see cref="CommandResult"/> with a message; nothing is saved then.
/// </summary>
public sealed class ItemCommands(IDbContextFactory<RectifyDbContext> dbFactory, ActorAccessor actors, LedgerClock clock, ILogger<ItemCommands> logger)
{
    public delegate void ItemOperation(RectificationItem item, AccessContext access, DateOnly today, DateTimeOffset now);

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
            return CommandResult.Forbidden(Localization.Text.Get("Session.Ended"));
        }

        return await RunAsync(access, itemId, expectedVersion, operation, cancellationToken);
    }

    public async Task<CommandResult> RunAsync(AccessContext access, Guid itemId, int expectedVersion, ItemOperation operation, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await LoadAggregateAsync(db, itemId, cancellationToken);
        if (item is null)
        {
            return CommandResult.NotFound();
        }

        if (!ItemAccess.CanRead(access.Actor, item, access.Organizations))
        {
            return CommandResult.Forbidden();
        }

        if (item.Version != expectedVersion)
        {
            return CommandResult.Conflict();
        }

        try
        {
            operation(item, access, clock.Today, clock.Now);
            await db.SaveChangesAsync(cancellationToken);
            return CommandResult.Ok(item.Version);
        }
        catch (DomainException e)
        {
            return CommandResult.From(e);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Concurrent change of item {ItemId} refused.", itemId);
            return CommandResult.Conflict();
        }
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
