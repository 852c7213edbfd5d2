namespace Rectify.Web.Robots;

public sealed class GroupRobotConfiguration : IEntityTypeConfiguration<GroupRobot>
{
    public void Configure(EntityTypeBuilder<GroupRobot> builder)
    {
        builder.ToTable("GroupRobots");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.OrganizationId).IsUnique();
        builder.HasOne<Rectify.Domain.Organizations.Organization>().WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Platform).HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(r => r.ProtectedAddress).HasMaxLength(GroupRobot.ProtectedMaxLength).IsRequired();
        builder.Property(r => r.ProtectedSecret).HasMaxLength(GroupRobot.ProtectedMaxLength);
        builder.Property(r => r.AddressHint).HasMaxLength(GroupRobot.HintMaxLength).IsRequired();
        builder.Property(r => r.UpdatedBy).HasMaxLength(450).IsRequired();
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.HasSecret);
    }
}
