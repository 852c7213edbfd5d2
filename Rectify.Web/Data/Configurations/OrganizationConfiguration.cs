using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Domain.Ledger;
using Rectify.Domain.Organizations;

namespace Rectify.Web.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("Organizations");
        builder.Property(o => o.Name).HasMaxLength(LedgerLimits.OrganizationName).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => o.Name);
    }
}

/// <summary>包抓: a leader is assigned to organisations (and so to their descendants).</summary>
public sealed class LeaderAssignment
{
    public string UserId { get; set; } = "";

    public int OrganizationId { get; set; }
}

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
