using AddressMaps.Api.AuditLogs;
using AddressMaps.Api.Ips;
using AddressMaps.Api.Memberships;

namespace AddressMaps.Api.Maps;

/// <summary>Reads and writes address maps themselves. Each operation loads what its rules need,
/// applies the pure rules, and saves. Every query filters by the account in SQL, so a map of
/// another account is simply not found. The class holds no state between requests.</summary>
public sealed class AddressMapService(MapAccess maps, MapCreation creation, ListCache listCache)
{
    private AddressMapsDbContext Db => maps.Db;

    public async Task<IReadOnlyList<AddressMapSummary>> ListAsync(string accountId, string? ip, string? cidr, CancellationToken ct) =>
        await ListQuery(Db, accountId, ip, cidr).Select(Mapping.Summary).ToListAsync(ct);

    /// <summary>The account's whole list as the bytes of its answer, through this process's copy
    /// when that is current.</summary>
    public Task<byte[]> ListAnswerAsync(string accountId, Func<IReadOnlyList<AddressMapSummary>, byte[]> write, CancellationToken ct) =>
        listCache.AnswerAsync(Db, accountId, write, ct);

    /// <summary>The list's query: the filters are answered from address_map_ips' indexes (the plan
    /// is checked by Performance/FilterPlanTests).</summary>
    public static IQueryable<AddressMap> ListQuery(AddressMapsDbContext db, string accountId, string? ip, string? cidr)
    {
        var query = db.AddressMaps.AsNoTracking().Where(m => m.AccountId == accountId);
        if (ip is not null)
        {
            var address = IpAddresses.Parse(ip);
            query = query.Where(m => m.Ips.Any(i => i.Ip == address));
        }

        if (cidr is not null)
        {
            var network = IpAddresses.ParseCidrFilter(cidr);
            query = query.Where(m => m.Ips.Any(i => EF.Functions.ContainedByOrEqual(i.Ip, network)));
        }

        // Newest first, as the real list (CONTRACT §9); maps made in the same microsecond by id.
        return query.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id);
    }

    public async Task<AddressMap> GetAsync(string accountId, string mapId, CancellationToken ct) =>
        (await MapReader.ReadAsync(Db, accountId, mapId, locked: false, withOwnership: false, ct)).Map ?? throw MapAccess.NotFound(mapId);

    public async Task<AddressMap> CreateAsync(string accountId, CreateAddressMapRequest request, Func<string, bool> callerReaches, CancellationToken ct)
    {
        Text.EnsureStorable("description", request.Description);
        var needsZones = request.DefaultSni is not null || request.Memberships?.Any(m => EnumText.ParseKind(m?.Kind) == MembershipKind.Zone) == true;
        var account = await maps.LoadAccountAsync(accountId, needsZones, ct);
        var map = new AddressMap
        {
            Id = "",
            AccountId = accountId,
            Description = request.Description,
            DefaultSni = MapRules.NormalizeDefaultSni(request.DefaultSni, account),
            Enabled = request.Enabled ?? false,
        };
        var ips = IpRules.DistinctOwned(request.Ips ?? [], account);
        var members = DistinctMembers(request.Memberships ?? [], account, callerReaches);
        return await creation.InsertAsync(map, ips, members, ct);
    }

    /// <summary>The map row is locked and read, the edit applied to it in memory (each field the
    /// body names; <c>enabled: null</c> means unchanged), and only a real change is written: the
    /// named columns and modified_at, with its audit log entry, in the same transaction. Two
    /// concurrent edits of different fields serialise on the lock, so neither undoes the other;
    /// the answer is the row as stored.</summary>
    public async Task<AddressMap> UpdateAsync(string accountId, string mapId, UpdateAddressMapRequest request, CancellationToken ct)
    {
        Text.EnsureStorable("description", request.Description);
        var sni = request.Has("default_sni") && request.DefaultSni is not null
            ? MapRules.NormalizeDefaultSni(request.DefaultSni, await maps.LoadZonesAsync(accountId, ct))
            : null;
        await using var tx = await Db.Database.BeginTransactionAsync(ct);
        var map = await maps.LockFullMapAsync(accountId, mapId, ct) ?? throw MapAccess.NotFound(mapId);
        var (description, defaultSni, enabled) = Edit(map, request, sni);
        if (description == map.Description && defaultSni == map.DefaultSni && enabled == map.Enabled)
        {
            return map; // nothing changed: modified_at stays, no entry
        }

        // The row was read untracked: set in memory after its JSON is taken, written by one UPDATE.
        var before = AuditTrail.Json(map);
        (map.Description, map.DefaultSni, map.Enabled, map.ModifiedAt) = (description, defaultSni, enabled, maps.Now());
        await Db.AddressMaps.Where(m => m.Id == mapId).ExecuteUpdateAsync(u => u
            .SetProperty(m => m.Description, map.Description)
            .SetProperty(m => m.DefaultSni, map.DefaultSni)
            .SetProperty(m => m.Enabled, map.Enabled)
            .SetProperty(m => m.ModifiedAt, map.ModifiedAt), ct);
        await maps.Audit.RecordAsync(Db, accountId, AuditAction.Update, mapId, before, AuditTrail.Json(map), map.ModifiedAt, ct);
        await tx.CommitAsync(ct);
        return map;
    }

    /// <summary>Pure: the editable fields after the body's edit (each field the body names).</summary>
    private static (string? Description, string? DefaultSni, bool Enabled) Edit(AddressMap map, UpdateAddressMapRequest request, string? sni) => (
        request.Has("description") ? request.Description : map.Description,
        request.Has("default_sni") ? sni : map.DefaultSni,
        request.Enabled ?? map.Enabled);

    /// <summary>The map row is locked while the rule decides, so a concurrent enable cannot slip
    /// between check and delete; IPs and memberships go with it through the foreign keys' cascades.
    /// The audit log entry (the map as it was) goes in with the delete.</summary>
    public async Task DeleteAsync(string accountId, string mapId, CancellationToken ct)
    {
        await using var tx = await Db.Database.BeginTransactionAsync(ct);
        var map = await maps.LockFullMapAsync(accountId, mapId, ct) ?? throw MapAccess.NotFound(mapId);
        MapRules.EnsureDeletable(new MapFacts(map.Id, map.Enabled, map.CanDelete, map.CanModifyIps, []));
        await Db.AddressMaps.Where(x => x.Id == mapId).ExecuteDeleteAsync(ct);
        await maps.Audit.RecordAsync(Db, accountId, AuditAction.Delete, mapId, AuditTrail.Json(map), null, maps.Now(), ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The memberships of a create body, checked by the rules, each once, in first-seen order.</summary>
    private static List<(MembershipKind Kind, string Identifier)> DistinctMembers(IEnumerable<MembershipRequest?> requested, AccountFacts account, Func<string, bool> callerReaches)
    {
        var members = new List<(MembershipKind Kind, string Identifier)>();
        foreach (var m in requested)
        {
            // Shape (kind, identifier) was checked by the request validator.
            var member = (EnumText.ParseKind(m!.Kind)!.Value, m.Identifier!);
            MembershipRules.EnsureAllowed(member.Item1, member.Item2, account, callerReaches);
            if (!members.Contains(member))
            {
                members.Add(member);
            }
        }

        return members;
    }
}
