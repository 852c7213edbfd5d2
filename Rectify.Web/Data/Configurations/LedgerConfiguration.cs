using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;

namespace Rectify.Web.Data.Configurations;

internal sealed class ProblemListConfiguration : IEntityTypeConfiguration<ProblemList>
{
    public void Configure(EntityTypeBuilder<ProblemList> builder)
    {
        builder.ToTable("ProblemLists");
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Title).HasMaxLength(LedgerLimits.ProblemListTitle).IsRequired();
        builder.Property(l => l.CreatedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.IssuingOrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.Date);
        builder.Ignore(l => l.PendingAudit);
    }
}

/// <summary>
/// The item aggregate: children are mapped through the aggregate's private lists (field access) and keyed by a shadow
/// ItemId; <see cref="RectificationItem.Version"/> is the optimistic concurrency token, bumped by every domain change.
/// </summary>
internal sealed class RectificationItemConfiguration : IEntityTypeConfiguration<RectificationItem>
{
    public void Configure(EntityTypeBuilder<RectificationItem> builder)
    {
        builder.ToTable("RectificationItems");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Number).HasMaxLength(LedgerLimits.ItemNumber).IsRequired();
        builder.Property(i => i.Description).HasMaxLength(LedgerLimits.Description).IsRequired();
        builder.Property(i => i.Category).HasMaxLength(LedgerLimits.Category).IsRequired();
        builder.Property(i => i.OwnerId).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(i => i.LeaderId).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(i => i.CreatedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(i => i.SignedOffBy).HasMaxLength(LedgerLimits.UserId);
        builder.Property(i => i.SignOffRequestedBy).HasMaxLength(LedgerLimits.UserId);
        builder.Property(i => i.LongTermMechanism).HasMaxLength(LedgerLimits.LongTermMechanism);
        builder.Property(i => i.CompletionSummary).HasMaxLength(LedgerLimits.CompletionSummary);
        builder.Property(i => i.Remarks).HasMaxLength(LedgerLimits.Remarks);
        builder.Property(i => i.Version).IsConcurrencyToken();

        builder.HasOne<ProblemList>().WithMany().HasForeignKey(i => i.ProblemListId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Organization>().WithMany().HasForeignKey(i => i.ResponsibleOrganizationId).OnDelete(DeleteBehavior.Restrict);
        // 屡查屡犯: the earlier item this one recurs; the overview counts recurrences per organisation and period through it.
        builder.HasOne<RectificationItem>().WithMany().HasForeignKey(i => i.RecurrenceOfItemId).OnDelete(DeleteBehavior.Restrict);

        // The item list's default order is "due date, items without one last, then number". Neither database can read that
        // order from an index on the due date (SQLite sorts NULL first; an IS NULL term in ORDER BY matches no column), so
        // every unfiltered first page sorted the whole ledger (SQLite 50 ms, PostgreSQL 77 ms at 100k; 435 ms at 1M). The
        // flag is a stored generated column, written by the database itself, and the index gives the order directly.
        builder.Property<bool>(ItemOrder.NoDueDate).HasComputedColumnSql("\"DueDate\" IS NULL", stored: true);
        builder.HasIndex([ItemOrder.NoDueDate, nameof(RectificationItem.DueDate), nameof(RectificationItem.Number)], "IX_RectificationItems_DueOrder");
        builder.HasIndex(i => new { i.ProblemListId, i.Number }).IsUnique();
        // (organisation, status, due date) covers the overview's GROUP BY with its overdue/due-soon counts.
        builder.HasIndex(i => new { i.ResponsibleOrganizationId, i.Status, i.DueDate });
        builder.HasIndex(i => new { i.Status, i.Deadline });
        builder.HasIndex(i => new { i.Status, i.DueDate });
        builder.HasIndex(i => i.CreatedOn);
        builder.HasIndex(i => i.ClosedAt);
        builder.HasIndex(i => i.Category);
        // The overdue and due-soon lists (and their counts): unfinished items in due-date order. Partial, so it holds only the
        // items those lists can show; the filter is written so both SQLite and PostgreSQL match it to the queries' own
        // "Status" NOT IN (3, 4) (SignedOff, Closed). See docs/performance.md for the plans before and after.
        builder.HasIndex(i => new { i.DueDate, i.Number }, "IX_RectificationItems_Unfinished_DueDate")
            .HasFilter($"\"Status\" NOT IN ({(int)ItemStatus.SignedOff}, {(int)ItemStatus.Closed})");
        // Filtered lists narrow by status and category first. The problem list (for the source filter, an EXISTS on the list),
        // the due date and the number ride along, so counting and choosing a page of "status + category + source" read only
        // this index and fetch the table rows of the page alone (SQLite at 100k: 36 ms → 7 ms for the count; docs/performance.md).
        // Its prefix (Status, Category) also gives the overview's closed items per category as one range.
        // The sort keys of the default order (NoDueDate, DueDate, Number) are all in it, so a filtered page sorts its candidates
        // from the index (without NoDueDate each candidate's table row was read: 6 → 12 ms on SQLite at 100k).
        builder.HasIndex(
            [nameof(RectificationItem.Status), nameof(RectificationItem.Category), nameof(RectificationItem.ProblemListId), ItemOrder.NoDueDate,
                nameof(RectificationItem.DueDate), nameof(RectificationItem.Number)],
            "IX_RectificationItems_Status_Category");
        // The overview's count per source groups by (problem list, status).
        builder.HasIndex(i => new { i.ProblemListId, i.Status });
        builder.HasIndex(i => i.OwnerId);
        builder.HasIndex(i => i.LeaderId);

        builder.HasMany(i => i.Measures).WithOne().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.ProgressReports).WithOne().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Evidence).WithOne().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Extensions).WithOne().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.SignOffDecisions).WithOne().HasForeignKey("ItemId").OnDelete(DeleteBehavior.Cascade);
        foreach (var navigation in new[] { nameof(RectificationItem.Measures), nameof(RectificationItem.ProgressReports), nameof(RectificationItem.Evidence), nameof(RectificationItem.Extensions), nameof(RectificationItem.SignOffDecisions) })
        {
            builder.Navigation(navigation).UsePropertyAccessMode(PropertyAccessMode.Field);
        }

        builder.Ignore(i => i.PendingAudit);
        builder.Ignore(i => i.PendingExtension);
        builder.Ignore(i => i.NextReportDue);
        builder.Ignore(i => i.LastSendBackReason);
    }
}

internal sealed class MeasureConfiguration : IEntityTypeConfiguration<Measure>
{
    public void Configure(EntityTypeBuilder<Measure> builder)
    {
        builder.ToTable("Measures");
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Text).HasMaxLength(LedgerLimits.MeasureText).IsRequired();
        builder.Property(m => m.OwnerId).HasMaxLength(LedgerLimits.UserId);
        builder.HasIndex(m => m.OwnerId);
    }
}

internal sealed class ProgressReportConfiguration : IEntityTypeConfiguration<ProgressReport>
{
    public void Configure(EntityTypeBuilder<ProgressReport> builder)
    {
        builder.ToTable("ProgressReports");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Text).HasMaxLength(LedgerLimits.ProgressText).IsRequired();
        builder.Property(p => p.AuthorId).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(p => p.AuthorName).HasMaxLength(Identity.AppUser.DisplayNameMaxLength).IsRequired();
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.ToTable("EvidenceFiles");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.FileName).HasMaxLength(LedgerLimits.FileName).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(LedgerLimits.ContentType).IsRequired();
        builder.Property(e => e.StorageKey).HasMaxLength(LedgerLimits.StorageKey).IsRequired();
        builder.Property(e => e.UploadedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
    }
}

internal sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.ToTable("ExtensionRequests");
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Reason).HasMaxLength(LedgerLimits.Reason).IsRequired();
        builder.Property(e => e.RequestedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(e => e.DecidedBy).HasMaxLength(LedgerLimits.UserId);
        builder.Property(e => e.DecisionComment).HasMaxLength(LedgerLimits.Reason);
        builder.HasIndex(e => e.State);
    }
}

internal sealed class SignOffDecisionConfiguration : IEntityTypeConfiguration<SignOffDecision>
{
    public void Configure(EntityTypeBuilder<SignOffDecision> builder)
    {
        builder.ToTable("SignOffDecisions");
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Reason).HasMaxLength(LedgerLimits.Reason);
        builder.Property(d => d.DecidedBy).HasMaxLength(LedgerLimits.UserId).IsRequired();
        builder.Property(d => d.RequestedBy).HasMaxLength(LedgerLimits.UserId);
        builder.Property(d => d.Summary).HasMaxLength(LedgerLimits.CompletionSummary).IsRequired();
    }
}

/// <summary>Database-only columns of RectificationItems that queries order by (<see cref="EF.Property{TProperty}"/>).</summary>
public static class ItemOrder
{
    /// <summary>
    /// A stored generated column ("DueDate" IS NULL): true when the item has no due date, so such items sort last. The domain gives
    /// every item one, so only rows from outside it carry the flag (docs/decisions/0009-due-order-column.md).
    /// </summary>
    public const string NoDueDate = "NoDueDate";
}
