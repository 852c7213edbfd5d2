namespace Rectify.Web.Data.Configurations;

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
        // every unfiltered first page sorted the whole ledger (measured in docs/performance.md, "NoDueDate"). The
        // flag is a stored generated column, written by the database itself, and the index gives the order directly.
        builder.Property<bool>(ItemOrder.NoDueDate).HasComputedColumnSql("\"DueDate\" IS NULL", stored: true);
        builder.HasIndex([ItemOrder.NoDueDate, nameof(RectificationItem.DueDate), nameof(RectificationItem.Number)], "IX_RectificationItems_DueOrder");
        builder.HasIndex(i => new { i.ProblemListId, i.Number }).IsUnique();
        // (organisation, status, due date) covers the overview's GROUP BY with its overdue/due-soon counts.
        builder.HasIndex(i => new { i.ResponsibleOrganizationId, i.Status, i.DueDate });
        builder.HasIndex(i => new { i.Status, i.Deadline });
        builder.HasIndex(i => new { i.Status, i.DueDate });
        builder.HasIndex(i => i.CreatedOn);
        // The overview's items closed per week within a leader's organisations: the range and the organisation from the index alone.
        builder.HasIndex(i => new { i.ClosedAt, i.ResponsibleOrganizationId });
        builder.HasIndex(i => i.Category);
        // The overdue and due-soon lists (and their counts): unfinished items in due-date order. Partial, so it holds only the
        // items those lists can show; the filter is written so both SQLite and PostgreSQL match it to the queries' own
        // "Status" NOT IN (3, 4) (SignedOff, Closed). See docs/performance.md for the plans before and after.
        builder.HasIndex(i => new { i.DueDate, i.Number }, "IX_RectificationItems_Unfinished_DueDate")
            .HasFilter($"\"Status\" NOT IN ({(int)ItemStatus.SignedOff}, {(int)ItemStatus.Closed})");
        // The overview's overdue and due-soon counts per organisation for the days the kept counts do not cover (this month
        // so far, the coming warning days; decision 0035): a short range of this index, read alone.
        builder.HasIndex(i => new { i.DueDate, i.ResponsibleOrganizationId }, "IX_RectificationItems_Unfinished_DueDate_Organization")
            .HasFilter($"\"Status\" NOT IN ({(int)ItemStatus.SignedOff}, {(int)ItemStatus.Closed})");
        // Filtered lists narrow by status and category first. The sort keys of the default order (NoDueDate, DueDate, Number)
        // follow, so a page of "status + category" is read in its order and the reading stops after the page: with the problem
        // list before them, SQLite sorted every candidate (53,571 at 1,000,000 items: 27 ms per page). The problem list (for the
        // source filter, an EXISTS on the list) rides along last, so counting and choosing a page of "status + category + source"
        // still read only this index and fetch the table rows of the page alone (measurements in docs/performance.md).
        // Its prefix (Status, Category) also gives the overview's closed items per category as one range.
        builder.HasIndex(
            [nameof(RectificationItem.Status), nameof(RectificationItem.Category), ItemOrder.NoDueDate,
                nameof(RectificationItem.DueDate), nameof(RectificationItem.Number), nameof(RectificationItem.ProblemListId)],
            "IX_RectificationItems_Status_Category");
        // A leader's or secretary's filtered list (category, with or without status) within their organisations: the few matching
        // items read by organisation and sorted, instead of walking the whole ledger's Status_Category range (decision 0047).
        builder.HasIndex(i => new { i.ResponsibleOrganizationId, i.Category, i.Status });
        // The overview's count per source groups by (problem list, status).
        builder.HasIndex(i => new { i.ProblemListId, i.Status });
        // A leader's or secretary's items outside their organisations (named as owner or leader) are counted beside the kept
        // counts of their organisations (decision 0035): the organisation in the index leaves those inside without a table read.
        builder.HasIndex(i => new { i.OwnerId, i.ResponsibleOrganizationId });
        builder.HasIndex(i => new { i.LeaderId, i.ResponsibleOrganizationId });
        // Set while an import run writes the item in short transactions, cleared when the run publishes (decision 0023).
        builder.Property<Guid?>(LedgerIO.ImportRuns.ItemRunId);
        builder.HasIndex(LedgerIO.ImportRuns.ItemRunId);

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
