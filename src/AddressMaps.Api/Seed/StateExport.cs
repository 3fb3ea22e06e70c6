namespace AddressMaps.Api.Seed;

/// <summary>The whole state as one document in the seed format: every account (with its origin),
/// zone, prefix, static IP and map (ids, timestamps, IPs and memberships in order), every user and
/// token with secrets as SHA-256. Everything is sorted, so the same state gives the same bytes.</summary>
internal static class StateExport
{
    public static async Task<SeedDocument> BuildAsync(AddressMapsDbContext db, CancellationToken ct)
    {
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
        var zones = (await db.Zones.AsNoTracking().OrderBy(z => z.Id).ToListAsync(ct)).ToLookup(z => z.AccountId);
        var records = (await db.DnsRecords.AsNoTracking().ToListAsync(ct))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.Content, StringComparer.Ordinal)
            .ThenBy(r => r.Proxied).ThenBy(r => r.Ttl).ToLookup(r => r.ZoneId);
        var prefixes = (await db.Prefixes.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct)).ToLookup(p => p.AccountId);
        var delegations = (await db.PrefixDelegations.AsNoTracking().OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(ct)).ToLookup(d => d.PrefixId);
        var statics = (await db.StaticIps.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct)).ToLookup(s => s.AccountId);
        var maps = (await db.AddressMaps.AsNoTracking()
            .Include(m => m.Ips.OrderBy(i => i.Id)).Include(m => m.Memberships.OrderBy(x => x.Id))
            .AsSplitQuery().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct)).ToLookup(m => m.AccountId);
        var seedAccounts = accounts.Select(a => new SeedAccount(
            a.Id, a.Name, a.AddressMapsEnabled,
            zones[a.Id].Select(z => new SeedZone(z.Id, z.Name, ToSeed(records[z.Id]))).ToList(),
            prefixes[a.Id].Select(p => ToSeed(p, delegations[p.Id])).ToList(),
            statics[a.Id].Select(s => IpAddresses.Canonical(s.Ip)).ToList(),
            null,
            a.Origin == AccountOrigin.Api ? "api" : "seed",
            maps[a.Id].Select(ToSeed).ToList())).ToList();
        return new SeedDocument(seedAccounts, await UsersAsync(db, ct), await TokensAsync(db, ct));
    }

    /// <summary>A zone's records, sorted; none is written as no <c>records</c> key at all.</summary>
    private static List<SeedDnsRecord>? ToSeed(IEnumerable<DnsRecord> records)
    {
        var list = records.Select(r => new SeedDnsRecord(r.Name, r.Type, r.Content, r.Proxied, r.Ttl)).ToList();
        return list.Count == 0 ? null : list;
    }

    /// <summary>A prefix; its delegations in creation order, none written as no <c>delegations</c> key.</summary>
    private static SeedPrefix ToSeed(Prefix p, IEnumerable<PrefixDelegation> delegations)
    {
        var list = delegations.Select(d => new SeedDelegation(d.Id, d.Cidr.ToString(), d.DelegatedAccountId, d.CreatedAt, d.ModifiedAt)).ToList();
        return new(
            p.Id, p.Cidr.ToString(), p.Approved, p.Description, p.Asn, p.OnDemandEnabled, p.OnDemandLocked,
            p.Advertised, p.DelegateLoaCreation, p.LoaDocumentId, p.IrrValidationState, p.CreatedAt, list.Count == 0 ? null : list);
    }

    private static SeedMap ToSeed(AddressMap m) => new(
        m.Id, m.Description, m.DefaultSni, m.Enabled, m.CanDelete, m.CanModifyIps, m.CreatedAt, m.ModifiedAt,
        m.Ips.Select(i => new SeedMapIp(IpAddresses.Canonical(i.Ip), i.CreatedAt)).ToList(),
        m.Memberships.Select(x => new SeedMapMembership(x.Kind.Wire(), x.Identifier, x.CanDelete, x.CreatedAt)).ToList());

    private static async Task<List<SeedUser>> UsersAsync(AddressMapsDbContext db, CancellationToken ct) =>
        (await db.Users.AsNoTracking().Include(u => u.Accounts).OrderBy(u => u.Id).ToListAsync(ct))
            .Select(u => new SeedUser(u.Id, u.Email, null, Convert.ToHexStringLower(u.KeyHash),
                u.Accounts.Select(a => a.AccountId).Order(StringComparer.Ordinal).ToList(), u.EphemeralAccountId))
            .ToList();

    private static async Task<List<SeedToken>> TokensAsync(AddressMapsDbContext db, CancellationToken ct) =>
        (await db.ApiTokens.AsNoTracking().Include(t => t.Policies).OrderBy(t => t.Id).ToListAsync(ct))
            .Select(t => new SeedToken(t.Id, t.Name, null, Convert.ToHexStringLower(t.SecretHash), t.Status.Wire(), t.NotBefore, t.ExpiresOn,
                t.Policies.GroupBy(p => p.AccountId).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new SeedPolicy(g.Key, g.Select(p => p.PermissionGroup).Order(StringComparer.Ordinal).ToList())).ToList(),
                t.UserId, t.EphemeralAccountId))
            .ToList();
}
