using AddressMaps.Api.AuditLogs;

namespace AddressMaps.Api.Data;

public sealed class AddressMapsDbContext(DbContextOptions<AddressMapsDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<Zone> Zones => Set<Zone>();
    public DbSet<Prefix> Prefixes => Set<Prefix>();
    public DbSet<PrefixDelegation> PrefixDelegations => Set<PrefixDelegation>();
    public DbSet<StaticIp> StaticIps => Set<StaticIp>();
    public DbSet<AddressMap> AddressMaps => Set<AddressMap>();
    public DbSet<AddressMapIp> AddressMapIps => Set<AddressMapIp>();
    public DbSet<AddressMapMembership> AddressMapMemberships => Set<AddressMapMembership>();
    public DbSet<User> Users => Set<User>();
    public DbSet<UserAccount> UserAccounts => Set<UserAccount>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ApiTokenPolicy> ApiTokenPolicies => Set<ApiTokenPolicy>();
    public DbSet<RateLimitCounter> RateLimitCounters => Set<RateLimitCounter>();
    public DbSet<StoredDocument> StoredDocuments => Set<StoredDocument>();
    public DbSet<ClockRow> Clock => Set<ClockRow>();
    public DbSet<JournalEntry> Journal => Set<JournalEntry>();
    public DbSet<FaultRule> FaultRules => Set<FaultRule>();
    public DbSet<AuditLogEntry> AuditLogEntries => Set<AuditLogEntry>();
    public DbSet<DnsRecord> DnsRecords => Set<DnsRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AddressMapsDbContext).Assembly);
}
