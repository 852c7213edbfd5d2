using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Rectify.Domain.Auditing;
using Rectify.Web.Data.Configurations;
using Rectify.Web.Recurrence;

namespace Rectify.Web.Data;

/// <summary>
/// The application's database: Identity plus the ledger. One derived type per provider (<see cref="SqliteRectifyDbContext"/>,
/// <see cref="PostgresRectifyDbContext"/>), each with its own migrations and model snapshot under Data/Migrations/&lt;Provider&gt;,
/// written by dotnet-ef (docs/decisions/0010-ef-core-migrations.md). After changing the model, from the repository root:
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add NAME --project Rectify.Web --context SqliteRectifyDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project Rectify.Web --context PostgresRectifyDbContext --output-dir Data/Migrations/Postgres
/// </code>
/// MigrationSchemaTests fail while either provider lacks the migration. The app applies pending migrations at start
/// (<see cref="DatabaseInitializer"/>).
/// In Blazor Server always use <see cref="IDbContextFactory{TContext}"/> and one short-lived context per operation.
/// </summary>
public abstract class RectifyDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<LeaderAssignment> LeaderAssignments => Set<LeaderAssignment>();

    public DbSet<ProblemList> ProblemLists => Set<ProblemList>();

    public DbSet<RectificationItem> Items => Set<RectificationItem>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<RecurrenceDismissal> RecurrenceDismissals => Set<RecurrenceDismissal>();

    public DbSet<RecurrenceProposal> RecurrenceProposals => Set<RecurrenceProposal>();

    /// <summary>
    /// Writes the audit records that domain objects collected during this unit of work as <see cref="AuditEntry"/> rows,
    /// in the same transaction as the change itself: no change is saved without its audit entry.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var sources = ChangeTracker.Entries<Auditable>().Select(e => e.Entity).Where(e => e.PendingAudit.Count > 0).ToList();
        foreach (var source in sources)
        {
            AuditEntries.AddRange(source.PendingAudit.Select(AuditEntry.From));
        }

        var result = await SaveWithAuditOrderAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var source in sources)
        {
            source.ClearPendingAudit();
        }

        return result;
    }

    /// <summary>
    /// On PostgreSQL, audit entries are inserted under a shared advisory lock held until the transaction ends; the chain's
    /// sealer takes the same lock exclusively (<see cref="AuditChain.SharedLockSql"/>). Ids come from a sequence and two
    /// writers can commit out of id order: without the lock the sealer could seal entry 11 while entry 10 was still
    /// uncommitted, and 10 would then arrive behind the chain's head, unsealable in its place. With it, the sealer waits for
    /// every transaction that has taken an audit id to end, so every id below the ones it sees is committed (or rolled back
    /// for good). SQLite has one writer at a time, so it needs nothing.
    /// </summary>
    private async Task<int> SaveWithAuditOrderAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (!Database.IsNpgsql() || !ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added))
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        if (Database.CurrentTransaction is not null)
        {
            await Database.ExecuteSqlRawAsync(AuditChain.SharedLockSql, cancellationToken);
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
        await Database.ExecuteSqlRawAsync(AuditChain.SharedLockSql, cancellationToken);
        var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it writes the audit entries.");
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Every entity's mapping is an IEntityTypeConfiguration<T>: the ledger's in Data/Configurations/ (one per entity),
        // the other features' beside their entity (Identity/AppUserConfiguration.cs, Auditing/, Mail/, Bulletins/, ...).
        builder.ApplyConfigurationsFromAssembly(typeof(RectifyDbContext).Assembly, t => t.Namespace?.StartsWith("Rectify.Web", StringComparison.Ordinal) == true);
    }
}
