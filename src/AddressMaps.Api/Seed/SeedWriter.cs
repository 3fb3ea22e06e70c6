namespace AddressMaps.Api.Seed;

/// <summary>Writes a validated seed document, inside the caller's transaction: accounts, then what
/// hangs off them, then identities. Entities are upserted by id; EF writes only changed values.</summary>
internal sealed partial class SeedWriter(AddressMapsDbContext db, DateTime now)
{
    private static readonly DateTime DefaultPrefixCreated = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task WriteAsync(SeedDocument seed, CancellationToken ct)
    {
        var accounts = seed.Accounts ?? [];
        foreach (var a in accounts)
        {
            var account = await UpsertAsync(db.Accounts, a.Id, () => new Account { Id = a.Id, Name = a.Name }, ct);
            account.Name = a.Name;
            account.AddressMapsEnabled = a.AddressMapsEnabled;
            account.Origin = a.Origin == "api" ? AccountOrigin.Api : AccountOrigin.Seed;
        }

        await db.SaveChangesAsync(ct);
        foreach (var a in accounts)
        {
            await WriteZonesAsync(a, ct);
            foreach (var p in a.Prefixes ?? [])
            {
                await WritePrefixAsync(a.Id, p, ct);
            }

            await WriteStaticIpsAsync(a, ct);
        }

        await db.SaveChangesAsync(ct);
        foreach (var (a, p) in accounts.SelectMany(a => (a.Prefixes ?? []).Select(p => (a, p))))
        {
            await WriteDelegationsAsync(a.Id, p, ct);
        }

        foreach (var a in accounts)
        {
            await WriteMapsAsync(a, ct);
        }

        await WriteUsersAsync(seed.Users ?? [], ct);
        await WriteTokensAsync(seed.Tokens ?? [], ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The account's zones upserted in one statement whatever their number (issue 13: a
    /// seed of 100,000 zones); records are written only for the zones that list some or had some.</summary>
    private async Task WriteZonesAsync(SeedAccount a, CancellationToken ct)
    {
        var zones = a.Zones ?? [];
        if (zones.Count == 0)
        {
            return;
        }

        var ids = zones.Select(z => z.Id).ToArray();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO zones (id, account_id, name)
            SELECT t.id, {a.Id}, t.name FROM unnest({ids}, {zones.Select(z => z.Name.ToLowerInvariant()).ToArray()}) AS t(id, name)
            ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name
            """, ct);
        var withRecords = (await db.DnsRecords.Where(r => ids.Contains(r.ZoneId)).Select(r => r.ZoneId).Distinct().ToListAsync(ct)).ToHashSet();
        foreach (var z in zones.Where(z => (z.Records?.Count ?? 0) > 0 || withRecords.Contains(z.Id)))
        {
            await WriteRecordsAsync(z, ct);
        }
    }

    /// <summary>The zone's DNS records become exactly the listed ones (none when it lists none);
    /// unchanged records are left as they are.</summary>
    private async Task WriteRecordsAsync(SeedZone z, CancellationToken ct)
    {
        var wanted = (z.Records ?? []).Select(r => new DnsRecord
        {
            ZoneId = z.Id,
            Name = r.Name.ToLowerInvariant(),
            Type = r.Type,
            Content = r.Type == "CNAME" ? r.Content.TrimEnd('.').ToLowerInvariant() : r.Content,
            Proxied = r.Proxied ?? false,
            Ttl = r.Ttl ?? 1,
        }).ToList();
        var have = await db.DnsRecords.Where(r => r.ZoneId == z.Id).OrderBy(r => r.Id).ToListAsync(ct);
        if (!have.Select(Key).SequenceEqual(wanted.Select(Key)))
        {
            db.DnsRecords.RemoveRange(have);
            db.DnsRecords.AddRange(wanted);
        }

        static (string, string, string, bool, int) Key(DnsRecord r) => (r.Name, r.Type, r.Content, r.Proxied, r.Ttl);
    }

    private async Task WritePrefixAsync(string accountId, SeedPrefix p, CancellationToken ct)
    {
        var created = p.CreatedAt?.ToUniversalTime() ?? DefaultPrefixCreated;
        var x = await UpsertAsync(db.Prefixes, p.Id, () => new Prefix { Id = p.Id, AccountId = accountId, Cidr = IPNetwork.Parse(p.Cidr) }, ct);
        x.AccountId = accountId;
        x.Cidr = IPNetwork.Parse(p.Cidr);
        x.Approved = p.Approved;
        x.Description = p.Description;
        x.Asn = p.Asn;
        x.OnDemandEnabled = p.OnDemandEnabled ?? false;
        x.OnDemandLocked = p.OnDemandLocked ?? false;
        x.Advertised = p.OnDemandEnabled == true ? p.Advertised : null;
        x.AdvertisedModifiedAt = p.OnDemandEnabled == true ? created : null;
        x.DelegateLoaCreation = p.DelegateLoaCreation ?? false;
        x.LoaDocumentId = p.LoaDocumentId;
        var state = p.ValidationState ?? (p.Approved ? "success" : "pending");
        (x.IrrValidationState, x.OwnershipValidationState, x.RpkiValidationState) = (state, state, state);
        x.CreatedAt = created;
        x.ModifiedAt = created;
    }

    /// <summary>The prefix's delegations, each created when missing, unless it would overlap one
    /// made through the API since (the API's state wins; the exclusion constraint would refuse it).</summary>
    private async Task WriteDelegationsAsync(string accountId, SeedPrefix p, CancellationToken ct)
    {
        var parent = IPNetwork.Parse(p.Cidr);
        foreach (var d in p.Delegations ?? [])
        {
            var cidr = IPNetwork.Parse(d.Cidr);
            var have = await db.PrefixDelegations.Where(x => x.PrefixId == p.Id).Select(x => new { x.Id, x.Cidr }).ToListAsync(ct);
            if (have.Any(x => x.Id == d.Id || x.Cidr.Contains(cidr.BaseAddress) || cidr.Contains(x.Cidr.BaseAddress)))
            {
                continue;
            }

            db.PrefixDelegations.Add(new PrefixDelegation
            {
                Id = d.Id, PrefixId = p.Id, AccountId = accountId, ParentCidr = parent, Cidr = cidr, DelegatedAccountId = d.DelegatedAccountId,
                CreatedAt = d.CreatedAt?.ToUniversalTime() ?? now, ModifiedAt = d.ModifiedAt?.ToUniversalTime() ?? d.CreatedAt?.ToUniversalTime() ?? now,
            });
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task WriteStaticIpsAsync(SeedAccount a, CancellationToken ct)
    {
        foreach (var raw in a.StaticIps ?? [])
        {
            var ip = IpAddresses.Parse(raw);
            var existing = await db.StaticIps.SingleOrDefaultAsync(s => s.Ip == ip, ct);
            if (existing is null)
            {
                db.StaticIps.Add(new StaticIp { Ip = ip, AccountId = a.Id });
            }
            else
            {
                existing.AccountId = a.Id;
            }
        }
    }

    /// <summary>A Cloudflare-managed map of a seed as the exact map it starts as: its timestamps
    /// (the seed's created_at, else now) on the map, its IPs and its memberships.</summary>
    private SeedMap AsMap(SeedManagedMap m)
    {
        var created = m.CreatedAt?.ToUniversalTime() ?? now;
        return new SeedMap(m.Id, m.Description, null, m.Enabled, m.CanDelete, m.CanModifyIps, created, created,
            (m.Ips ?? []).Select(ip => new SeedMapIp(ip, created)).ToList(),
            (m.Memberships ?? []).Select(ms => new SeedMapMembership(ms.Kind, ms.Identifier, ms.CanDelete, created)).ToList());
    }

    /// <summary>Maps exactly as a state document has them, and the seed's managed maps, created
    /// when missing; once created, the API owns them (user edits survive a restart). The missing
    /// ones go in with three statements per account whatever their number (issue 13: a seed of
    /// 100,000 maps and 300,000 IPs), IPs and memberships in the document's order.</summary>
    private async Task WriteMapsAsync(SeedAccount a, CancellationToken ct)
    {
        var all = (a.ManagedMaps ?? []).Select(AsMap).Concat(a.Maps ?? []).ToList();
        if (all.Count == 0)
        {
            return;
        }

        // The maps that were missing are the ones the insert reports (ON CONFLICT: no lookup by id,
        // which inside the load's transaction the planner would do as a scan of the new rows).
        var inserted = (await InsertMapsAsync(a.Id, all, ct)).ToHashSet();
        var missing = all.Where(m => inserted.Contains(m.Id)).ToList();
        await InsertIpsAsync(missing, ct);
        await InsertMembershipsAsync(missing, ct);
    }

    private async Task<List<string>> InsertMapsAsync(string accountId, List<SeedMap> maps, CancellationToken ct) =>
        await db.Database.SqlQuery<string>($"""
            INSERT INTO address_maps (id, account_id, description, default_sni, enabled, can_delete, can_modify_ips, created_at, modified_at)
            SELECT t.id, {accountId}, t.description, t.default_sni, t.enabled, t.can_delete, t.can_modify_ips, t.created_at, t.modified_at
            FROM unnest({maps.Select(m => m.Id).ToArray()}, {maps.Select(m => m.Description).ToArray()}, {maps.Select(m => m.DefaultSni).ToArray()},
                        {maps.Select(m => m.Enabled).ToArray()}, {maps.Select(m => m.CanDelete).ToArray()}, {maps.Select(m => m.CanModifyIps).ToArray()},
                        {maps.Select(m => m.CreatedAt.ToUniversalTime()).ToArray()}, {maps.Select(m => m.ModifiedAt.ToUniversalTime()).ToArray()})
                 AS t(id, description, default_sni, enabled, can_delete, can_modify_ips, created_at, modified_at)
            ON CONFLICT (id) DO NOTHING
            RETURNING id AS "Value"
            """).ToListAsync(ct);

    private async Task InsertIpsAsync(List<SeedMap> missing, CancellationToken ct)
    {
        var ips = missing.SelectMany(m => (m.Ips ?? []).Select(ip => (m.Id, Ip: IpAddresses.Parse(ip.Ip), CreatedAt: ip.CreatedAt.ToUniversalTime()))).ToList();
        var ipArray = new Npgsql.NpgsqlParameter("ips", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Inet) { Value = ips.Select(i => i.Ip).ToArray() };
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO address_map_ips (address_map_id, ip, created_at)
            SELECT t.map, t.ip, t.created_at FROM unnest({ips.Select(i => i.Id).ToArray()}, {ipArray}, {ips.Select(i => i.CreatedAt).ToArray()})
                WITH ORDINALITY AS t(map, ip, created_at, n) ORDER BY t.n
            """, ct);
    }

    private async Task InsertMembershipsAsync(List<SeedMap> missing, CancellationToken ct)
    {
        var members = missing.SelectMany(m => (m.Memberships ?? []).Select(ms => (m.Id, Kind: EnumText.ParseKind(ms.Kind)!.Value.Wire(), ms.Identifier, ms.CanDelete, CreatedAt: ms.CreatedAt.ToUniversalTime()))).ToList();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO address_map_memberships (address_map_id, kind, identifier, can_delete, created_at)
            SELECT t.map, t.kind, t.identifier, t.can_delete, t.created_at
            FROM unnest({members.Select(x => x.Id).ToArray()}, {members.Select(x => x.Kind).ToArray()}, {members.Select(x => x.Identifier).ToArray()},
                        {members.Select(x => x.CanDelete).ToArray()}, {members.Select(x => x.CreatedAt).ToArray()})
                 WITH ORDINALITY AS t(map, kind, identifier, can_delete, created_at, n) ORDER BY t.n
            """, ct);
    }

    private static async Task<T> UpsertAsync<T>(DbSet<T> set, object key, Func<T> create, CancellationToken ct)
        where T : class
    {
        var entity = await set.FindAsync([key], ct);
        if (entity is null)
        {
            entity = create();
            set.Add(entity);
        }

        return entity;
    }
}
