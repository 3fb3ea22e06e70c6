using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AddressMaps.Api.Data.Configurations;

// Identifiers are Cloudflare's 32 lowercase hex; the database checks the shape itself.
internal static class Ids
{
    public const string Check = "~ '^[0-9a-f]{32}$'";
}

internal static class AccountOwnership
{
    /// <summary>A foreign key to an account that goes with it (ON DELETE CASCADE): removing an
    /// account made on the fly removes everything under it.</summary>
    public static void GoesWithAccount<T>(this EntityTypeBuilder<T> b, Expression<Func<T, object?>> accountId)
        where T : class =>
        b.HasOne<Account>().WithMany().HasForeignKey(accountId).OnDelete(DeleteBehavior.Cascade);
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_accounts_id", "id " + Ids.Check));
        b.Property(a => a.Id).HasMaxLength(32);
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.Origin).HasMaxLength(8).HasDefaultValue(AccountOrigin.Seed)
            .HasConversion(o => o == AccountOrigin.Seed ? "seed" : "api", s => s == "seed" ? AccountOrigin.Seed : AccountOrigin.Api);
        b.ToTable(t => t.HasCheckConstraint("ck_accounts_origin", "origin IN ('seed', 'api')"));
    }
}

internal sealed class ZoneConfiguration : IEntityTypeConfiguration<Zone>
{
    public void Configure(EntityTypeBuilder<Zone> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_zones_id", "id " + Ids.Check));
        b.Property(z => z.Id).HasMaxLength(32);
        b.Property(z => z.Name).HasMaxLength(253);
        // A zone name is unique within an account; accounts made on the fly may reuse names.
        b.HasIndex(z => new { z.AccountId, z.Name }).IsUnique();
        b.GoesWithAccount(z => z.AccountId);
    }
}

internal sealed class PrefixConfiguration : IEntityTypeConfiguration<Prefix>
{
    public void Configure(EntityTypeBuilder<Prefix> b)
    {
        b.ToTable(t => t.HasCheckConstraint("ck_prefixes_id", "id " + Ids.Check));
        b.Property(p => p.Id).HasMaxLength(32);
        b.Property(p => p.Cidr).HasColumnType("cidr");
        // Unique in PostgreSQL; see AddressMapIpConfiguration for why EF is not told (IPNetwork).
        b.HasIndex(p => new { p.AccountId, p.Cidr });
        b.GoesWithAccount(p => p.AccountId);
    }
}

internal sealed class StaticIpConfiguration : IEntityTypeConfiguration<StaticIp>
{
    public void Configure(EntityTypeBuilder<StaticIp> b)
    {
        // A static IP is leased to exactly one account.
        b.Property(s => s.Ip).HasColumnType("inet");
        // Unique in PostgreSQL; see AddressMapIpConfiguration for why EF is not told.
        b.HasIndex(s => s.Ip).HasDatabaseName("ux_static_ips_ip");
        b.GoesWithAccount(s => s.AccountId);
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.Property(u => u.Id).HasMaxLength(32);
        b.Property(u => u.Email).HasMaxLength(254);
        b.HasIndex(u => u.Email).IsUnique();
        b.HasMany(u => u.Accounts).WithOne().HasForeignKey(ua => ua.UserId).OnDelete(DeleteBehavior.Cascade);
        b.GoesWithAccount(u => u.EphemeralAccountId);
    }
}

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> b)
    {
        b.HasKey(ua => new { ua.UserId, ua.AccountId });
        b.GoesWithAccount(ua => ua.AccountId);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(t => t.Id).HasMaxLength(32);
        b.Property(t => t.Name).HasMaxLength(200);
        b.HasIndex(t => t.SecretHash).IsUnique();
        b.ToTable(t => t.HasCheckConstraint("ck_api_tokens_status", "status IN ('active', 'disabled')"));
        b.Property(t => t.Status).HasConversion(s => s.Wire(), s => EnumText.ParseStatus(s)!.Value);
        b.HasMany(t => t.Policies).WithOne().HasForeignKey(p => p.TokenId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.SetNull);
        b.GoesWithAccount(t => t.EphemeralAccountId);
    }
}

internal sealed class ApiTokenPolicyConfiguration : IEntityTypeConfiguration<ApiTokenPolicy>
{
    public void Configure(EntityTypeBuilder<ApiTokenPolicy> b)
    {
        b.HasIndex(p => new { p.TokenId, p.AccountId, p.PermissionGroup }).IsUnique();
        b.GoesWithAccount(p => p.AccountId);
    }
}

internal sealed class RateLimitCounterConfiguration : IEntityTypeConfiguration<RateLimitCounter>
{
    public void Configure(EntityTypeBuilder<RateLimitCounter> b)
    {
        b.HasKey(c => c.Key);
        b.Property(c => c.Key).HasMaxLength(80);
    }
}

internal sealed class StoredDocumentConfiguration : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> b)
    {
        b.HasKey(d => new { d.Kind, d.Name });
        b.Property(d => d.Kind).HasMaxLength(16);
        b.Property(d => d.Name).HasMaxLength(64);
        b.Property(d => d.Document).HasColumnType("jsonb");
    }
}
