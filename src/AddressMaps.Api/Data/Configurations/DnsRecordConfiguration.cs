using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AddressMaps.Api.Data.Configurations;

internal sealed class DnsRecordConfiguration : IEntityTypeConfiguration<DnsRecord>
{
    public void Configure(EntityTypeBuilder<DnsRecord> b)
    {
        b.Property(r => r.ZoneId).HasMaxLength(32);
        b.Property(r => r.Name).HasMaxLength(253);
        b.Property(r => r.Type).HasMaxLength(8);
        b.Property(r => r.Content).HasMaxLength(2048);
        b.ToTable(t => t.HasCheckConstraint("ck_dns_records_type", "type IN ('A', 'AAAA', 'CNAME', 'TXT')"));
        b.ToTable(t => t.HasCheckConstraint("ck_dns_records_ttl", "ttl = 1 OR ttl BETWEEN 30 AND 86400"));
        b.HasIndex(r => new { r.ZoneId, r.Name });
        // A zone's records go with it (and so with its account).
        b.HasOne<Zone>().WithMany().HasForeignKey(r => r.ZoneId).OnDelete(DeleteBehavior.Cascade);
    }
}
