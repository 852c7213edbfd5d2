namespace Rectify.Web.Identity;

/// <summary>What the ledger adds to Identity's user table: a required display name, the chosen language and the index for organisation lookups.</summary>
internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength).IsRequired();
        builder.Property(u => u.Culture).HasMaxLength(16);
        builder.HasIndex(u => u.OrganizationId);
    }
}
