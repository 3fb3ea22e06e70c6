using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AddressMaps.Api.Data.Configurations;

internal sealed class AddressMapConfiguration : IEntityTypeConfiguration<AddressMap>
{
    public void Configure(EntityTypeBuilder<AddressMap> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_address_maps_id", "id " + Ids.Check));
        b.Property(m => m.Id).HasMaxLength(32);
        b.Property(m => m.DefaultSni).HasMaxLength(255);
        b.HasIndex(m => m.AccountId);
        b.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Ips).WithOne().HasForeignKey(i => i.AddressMapId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(m => m.Memberships).WithOne().HasForeignKey(ms => ms.AddressMapId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AddressMapIpConfiguration : IEntityTypeConfiguration<AddressMapIp>
{
    public const string UniqueIpPerMap = "ux_address_map_ips_map_ip";

    public void Configure(EntityTypeBuilder<AddressMapIp> b)
    {
        b.Property(i => i.Ip).HasColumnType("inet");
        // No duplicate IP on one map; the same IP may sit on several maps (CONTRACT §5 rule 9).
        // Unique in PostgreSQL, but not declared unique here: EF Core refuses a unique index over a
        // type that is not IComparable (IPAddress; efcore.pg #2567, efcore #28566), even with a
        // value comparer. The migration creates it unique, and SchemaTests fails if it is not.
        b.HasIndex(i => new { i.AddressMapId, i.Ip }).HasDatabaseName(UniqueIpPerMap);
        // Serves the ?ip= and ?cidr= filters.
        b.HasIndex(i => i.Ip).HasMethod("gist").HasOperators("inet_ops");
    }
}

internal sealed class AddressMapMembershipConfiguration : IEntityTypeConfiguration<AddressMapMembership>
{
    public const string OneMapPerMember = "ux_address_map_memberships_kind_identifier";

    public void Configure(EntityTypeBuilder<AddressMapMembership> b)
    {
        b.Property(ms => ms.Kind).HasMaxLength(7).HasConversion(k => k.Wire(), s => EnumText.ParseKind(s)!.Value);
        b.Property(ms => ms.Identifier).HasMaxLength(32);
        b.ToTable(t =>
        {
            t.HasCheckConstraint("ck_address_map_memberships_kind", "kind IN ('zone', 'account')");
            t.HasCheckConstraint("ck_address_map_memberships_identifier", "identifier " + Ids.Check);
        });
        // A zone is a member of at most one map, and an account of at most one map: enforced
        // here so that two concurrent requests (or two API replicas) cannot both win.
        b.HasIndex(ms => new { ms.Kind, ms.Identifier }).IsUnique().HasDatabaseName(OneMapPerMember);
        b.HasIndex(ms => ms.AddressMapId);
    }
}
