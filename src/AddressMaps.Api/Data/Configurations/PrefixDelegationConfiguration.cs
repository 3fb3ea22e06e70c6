using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AddressMaps.Api.Data.Configurations;

/// <summary>prefix_delegations. Besides these, the migration adds what EF cannot say: no two
/// delegations of one prefix overlap (an exclusion constraint, btree_gist), and (prefix_id,
/// parent_cidr) references the prefix's (id, cidr), so parent_cidr is the parent's real CIDR.</summary>
internal sealed class PrefixDelegationConfiguration : IEntityTypeConfiguration<PrefixDelegation>
{
    public const string NoOverlap = "ex_prefix_delegations_no_overlap";

    public void Configure(EntityTypeBuilder<PrefixDelegation> b)
    {
        b.ToTable("prefix_delegations", t =>
        {
            t.HasCheckConstraint("ck_prefix_delegations_id", "id " + Ids.Check);
            t.HasCheckConstraint("ck_prefix_delegations_inside_parent", "cidr <<= parent_cidr");
            t.HasCheckConstraint("ck_prefix_delegations_not_to_owner", "delegated_account_id <> account_id");
        });
        b.Property(d => d.Id).HasMaxLength(32);
        b.Property(d => d.PrefixId).HasMaxLength(32);
        b.Property(d => d.AccountId).HasMaxLength(32);
        b.Property(d => d.DelegatedAccountId).HasMaxLength(32);
        b.Property(d => d.Cidr).HasColumnType("cidr");
        b.Property(d => d.ParentCidr).HasColumnType("cidr");
        b.HasIndex(d => d.PrefixId);
        b.HasIndex(d => d.DelegatedAccountId);
        b.HasOne<Prefix>().WithMany().HasForeignKey(d => d.PrefixId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(d => d.AccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Account>().WithMany().HasForeignKey(d => d.DelegatedAccountId).OnDelete(DeleteBehavior.Cascade);
    }
}
