namespace Rectify.Web.Data.Configurations;

internal sealed class LeaderAssignmentConfiguration : IEntityTypeConfiguration<LeaderAssignment>
{
    public void Configure(EntityTypeBuilder<LeaderAssignment> builder)
    {
        builder.ToTable("LeaderAssignments");
        builder.HasKey(a => new { a.UserId, a.OrganizationId });
        builder.Property(a => a.UserId).HasMaxLength(LedgerLimits.UserId);
        builder.HasOne<Identity.AppUser>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => a.OrganizationId);
    }
}
