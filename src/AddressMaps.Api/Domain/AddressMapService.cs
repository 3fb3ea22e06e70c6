using System.Net;
using System.Security.Cryptography;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AddressMaps.Api.Domain;

/// <summary>The only writer of address maps. Callers have passed <see cref="EnsureAddOnAsync"/>
/// (the pipeline runs it first). Each operation loads what the rules need, applies the
/// pure rules of <see cref="AddressMapRules"/>, and saves. Every query filters by the account in
/// SQL, so a map of another account is simply not found. The class holds no state between requests.</summary>
public sealed class AddressMapService(AddressMapsDbContext db, TimeProvider time)
{
    /// <summary>How often a write that lost a race to a member changing hands is tried again.</summary>
    private const int MaxRaceAttempts = 10;

    // ---- reads -------------------------------------------------------------------------------

    public async Task<IReadOnlyList<AddressMap>> ListAsync(string accountId, string? ip, string? cidr, CancellationToken ct)
    {
        var query = db.AddressMaps.AsNoTracking().Where(m => m.AccountId == accountId);
        if (ip is not null)
        {
            var address = AddressMapRules.ParseIp(ip);
            query = query.Where(m => m.Ips.Any(i => i.Ip == address));
        }

        if (cidr is not null)
        {
            var network = ParseCidrFilter(cidr);
            query = query.Where(m => m.Ips.Any(i => EF.Functions.ContainedByOrEqual(i.Ip, network)));
        }

        return await query.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync(ct);
    }

    public Task<AddressMap> GetAsync(string accountId, string mapId, CancellationToken ct) => LoadFullAsync(accountId, mapId, ct);

    // ---- map writes ----------------------------------------------------------------------------

    public async Task<AddressMap> CreateAsync(string accountId, CreateAddressMapRequest request, CancellationToken ct)
    {
        AddressMapRules.EnsureStorableText("description", request.Description);
        var facts = await LoadAccountFactsAsync(accountId, ct);
        var defaultSni = AddressMapRules.NormalizeDefaultSni(request.DefaultSni, facts);
        var ips = AddressMapRules.DistinctOwnedIps(request.Ips ?? [], facts);
        var members = DistinctMembers(request.Memberships ?? [], facts);

        // "A zone (or account) is a member of at most one map" is the unique index's to enforce:
        // the memberships are inserted with ON CONFLICT DO NOTHING, and a member that did not go
        // in is looked up only then, to name it. If its holder let go of it in between (a race),
        // the whole create is tried again, so the answer is always 200 or the rule's 400.
        for (var attempt = 1; ; attempt++)
        {
            var map = new AddressMap
            {
                Id = NewId(),
                AccountId = accountId,
                Description = request.Description,
                DefaultSni = defaultSni,
                Enabled = request.Enabled ?? false,
                CreatedAt = Now(),
            };
            map.ModifiedAt = map.CreatedAt;
            var refused = await TryInsertMapAsync(map, ips, members, ct);
            if (refused is null)
            {
                return map;
            }

            await ThrowIfMemberElsewhereAsync(refused.Value.Kind, refused.Value.Identifier, map.Id, ct);
            if (attempt == MaxRaceAttempts)
            {
                throw Errors.ServiceUnavailable.With($"The {refused.Value.Kind} {refused.Value.Identifier} changed maps {MaxRaceAttempts} times during this request; try again");
            }
        }
    }

    /// <summary>Inserts the map, its IPs and its memberships in one transaction, each set in one
    /// statement (linear in the number of IPs). Returns null when committed, or the first member
    /// another map holds (the transaction is then rolled back).</summary>
    private async Task<(string Kind, string Identifier)?> TryInsertMapAsync(
        AddressMap map, IReadOnlyList<IPAddress> ips, IReadOnlyList<(string Kind, string Identifier)> members, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO address_maps (id, account_id, description, default_sni, enabled, can_delete, can_modify_ips, created_at, modified_at)
            VALUES ({map.Id}, {map.AccountId}, {map.Description}, {map.DefaultSni}, {map.Enabled}, TRUE, TRUE, {map.CreatedAt}, {map.ModifiedAt})
            """, ct);
        if (ips.Count > 0)
        {
            var array = new NpgsqlParameter("ips", NpgsqlDbType.Array | NpgsqlDbType.Inet) { Value = ips.ToArray() };
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO address_map_ips (address_map_id, ip, created_at)
                SELECT {map.Id}, t.ip, {map.CreatedAt} FROM unnest({array}) WITH ORDINALITY AS t(ip, n) ORDER BY t.n
                """, ct);
        }

        if (members.Count > 0)
        {
            var kinds = members.Select(m => m.Kind).ToArray();
            var identifiers = members.Select(m => m.Identifier).ToArray();
            var inserted = await db.Database.SqlQuery<string>($"""
                INSERT INTO address_map_memberships (address_map_id, kind, identifier, can_delete, created_at)
                SELECT {map.Id}, t.kind, t.identifier, TRUE, {map.CreatedAt}
                FROM unnest({kinds}, {identifiers}) WITH ORDINALITY AS t(kind, identifier, n) ORDER BY t.n
                ON CONFLICT (kind, identifier) DO NOTHING
                RETURNING kind || ':' || identifier AS "Value"
                """).ToListAsync(ct);
            if (inserted.Count < members.Count)
            {
                await tx.RollbackAsync(ct);
                return members.First(m => !inserted.Contains(m.Kind + ":" + m.Identifier));
            }
        }

        await tx.CommitAsync(ct);
        map.Ips = ips.Select(ip => new AddressMapIp { AddressMapId = map.Id, Ip = ip, CreatedAt = map.CreatedAt }).ToList();
        map.Memberships = members.Select(m => new AddressMapMembership { AddressMapId = map.Id, Kind = m.Kind, Identifier = m.Identifier, CreatedAt = map.CreatedAt }).ToList();
        return null;
    }

    public async Task<AddressMap> UpdateAsync(string accountId, string mapId, UpdateAddressMapRequest request, CancellationToken ct)
    {
        var map = await db.AddressMaps.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mapId && m.AccountId == accountId, ct)
            ?? throw MapNotFound(mapId);

        AddressMapRules.EnsureStorableText("description", request.Description);
        var description = request.Has("description") ? request.Description : map.Description;
        var defaultSni = map.DefaultSni;
        if (request.Has("default_sni"))
        {
            defaultSni = request.DefaultSni is null
                ? null
                : AddressMapRules.NormalizeDefaultSni(request.DefaultSni, await LoadAccountFactsAsync(accountId, ct));
        }

        var enabled = request.Enabled ?? map.Enabled; // enabled: null means unchanged

        // The timestamp moves only when something changed. Only the changed columns are written,
        // so that two concurrent edits of different fields do not undo each other.
        var changeDescription = description != map.Description;
        var changeSni = defaultSni != map.DefaultSni;
        var changeEnabled = enabled != map.Enabled;
        if (!changeDescription && !changeSni && !changeEnabled)
        {
            return map;
        }

        var now = Now();
        var updated = await db.AddressMaps
            .Where(m => m.Id == mapId && m.AccountId == accountId)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(m => m.ModifiedAt, now);
                if (changeDescription)
                {
                    s.SetProperty(m => m.Description, description);
                }

                if (changeSni)
                {
                    s.SetProperty(m => m.DefaultSni, defaultSni);
                }

                if (changeEnabled)
                {
                    s.SetProperty(m => m.Enabled, enabled);
                }
            }, ct);

        // Answer the row as it now is (a concurrent edit of another field included).
        return updated == 0
            ? throw MapNotFound(mapId)
            : await db.AddressMaps.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mapId && m.AccountId == accountId, ct) ?? throw MapNotFound(mapId);
    }

    public async Task DeleteAsync(string accountId, string mapId, CancellationToken ct)
    {
        // One conditional statement, so a concurrent enable cannot slip between check and delete;
        // IPs and memberships go with the map through the foreign keys' cascades.
        var deleted = await db.AddressMaps
            .Where(m => m.Id == mapId && m.AccountId == accountId && !m.Enabled && m.CanDelete)
            .ExecuteDeleteAsync(ct);
        if (deleted == 1)
        {
            return;
        }

        var facts = await LoadMapFactsAsync(accountId, mapId, ct);
        AddressMapRules.EnsureDeletable(facts);
        throw MapNotFound(mapId); // deleted concurrently between the two statements
    }

    // ---- IPs -----------------------------------------------------------------------------------

    public async Task AddIpAsync(string accountId, string mapId, string rawIp, CancellationToken ct)
    {
        var map = await LoadMapFactsAsync(accountId, mapId, ct);
        var ip = AddressMapRules.ParseIp(rawIp);
        AddressMapRules.EnsureIpsModifiable(map);
        AddressMapRules.EnsureIpOwned(ip, await LoadAccountFactsAsync(accountId, ct), targetIsManagedMap: false);

        // Already there (earlier or concurrently): 200, nothing changes, created_at and
        // modified_at kept; the transaction is rolled back.
        await InTransactionAsync(accountId, mapId, ct, async now =>
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO address_map_ips (address_map_id, ip, created_at) VALUES ({mapId}, {ip}, {now})
                ON CONFLICT (address_map_id, ip) DO NOTHING
                """, ct) == 1);
    }

    public async Task RemoveIpAsync(string accountId, string mapId, string rawIp, CancellationToken ct)
    {
        var map = await LoadMapFactsAsync(accountId, mapId, ct);
        var ip = AddressMapRules.ParseIp(rawIp);
        AddressMapRules.EnsureIpsModifiable(map);

        await InTransactionAsync(accountId, mapId, ct, async _ =>
        {
            var removed = await db.AddressMapIps.Where(i => i.AddressMapId == mapId && i.Ip == ip).ExecuteDeleteAsync(ct);
            return removed == 1 ? true : throw Errors.NotFound.With($"IP {AddressMapRules.Canonical(ip)} is not on address map {mapId}");
        });
    }

    // ---- memberships ---------------------------------------------------------------------------

    public async Task AddMembershipAsync(string accountId, string mapId, string kind, string identifier, CancellationToken ct)
    {
        _ = await LoadMapFactsAsync(accountId, mapId, ct);
        EnsureMembershipAllowed(kind, identifier, await LoadAccountFactsAsync(accountId, ct));

        // A 200 means the member is on this map when the answer is sent. The insert either goes
        // in or finds the member taken (ON CONFLICT DO NOTHING, which waits for a concurrent
        // insert of the same member to commit or roll back); a holder that let go of it between
        // that and the look-up naming it is a race, and the insert is tried again.
        for (var attempt = 1; attempt <= MaxRaceAttempts; attempt++)
        {
            if (await ThrowIfMemberElsewhereAsync(kind, identifier, mapId, ct))
            {
                return; // already a member of this map: 200, nothing changes
            }

            var inserted = await InTransactionAsync(accountId, mapId, ct, async now =>
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO address_map_memberships (address_map_id, kind, identifier, can_delete, created_at)
                    VALUES ({mapId}, {kind}, {identifier}, TRUE, {now})
                    ON CONFLICT (kind, identifier) DO NOTHING
                    """, ct) == 1);
            if (inserted)
            {
                return;
            }
        }

        throw Errors.ServiceUnavailable.With($"The {kind} {identifier} changed maps {MaxRaceAttempts} times during this request; try again");
    }

    public async Task RemoveMembershipAsync(string accountId, string mapId, string kind, string identifier, CancellationToken ct)
    {
        var map = await LoadMapFactsAsync(accountId, mapId, ct);
        var membership = map.Memberships.FirstOrDefault(m => m.Kind == kind && m.Identifier == identifier)
            ?? throw Errors.NotFound.With($"{Capitalized(kind)} {identifier} is not a member of address map {mapId}");
        AddressMapRules.EnsureMembershipDeletable(membership, mapId);

        await InTransactionAsync(accountId, mapId, ct, async _ =>
        {
            var removed = await db.AddressMapMemberships
                .Where(m => m.AddressMapId == mapId && m.Kind == kind && m.Identifier == identifier && m.CanDelete)
                .ExecuteDeleteAsync(ct);
            return removed == 1 ? true : throw Errors.NotFound.With($"{Capitalized(kind)} {identifier} is not a member of address map {mapId}");
        });
    }

    // ---- prefixes ------------------------------------------------------------------------------

    public async Task<IReadOnlyList<Prefix>> ListPrefixesAsync(string accountId, CancellationToken ct) =>
        await db.Prefixes.AsNoTracking().Where(p => p.AccountId == accountId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);

    public async Task<Prefix> GetPrefixAsync(string accountId, string prefixId, CancellationToken ct) =>
        await db.Prefixes.AsNoTracking().SingleOrDefaultAsync(p => p.Id == prefixId && p.AccountId == accountId, ct)
            ?? throw Errors.NotFound.With($"Prefix {prefixId} not found");

    /// <summary>Which enabled map DNS would use for a zone (rules 1 and 2); an emulator extension.</summary>
    public async Task<AddressMap?> EffectiveMapForZoneAsync(string accountId, string zoneId, CancellationToken ct)
    {
        if (!await db.Zones.AnyAsync(z => z.Id == zoneId && z.AccountId == accountId, ct))
        {
            throw Errors.NotFound.With($"Zone {zoneId} not found in account {accountId}");
        }

        var maps = await db.AddressMaps.AsNoTracking()
            .Where(m => m.AccountId == accountId && m.Enabled)
            .Include(m => m.Memberships)
            .ToListAsync(ct);
        var chosen = AddressMapRules.EffectiveMapForZone(zoneId, accountId, maps.Select(ToFacts));
        return chosen is null ? null : await LoadFullAsync(accountId, chosen.Id, ct);
    }

    // ---- helpers -------------------------------------------------------------------------------

    // The hot lookups, compiled once (STYLE.md, performance habits).
    private static readonly Func<AddressMapsDbContext, string, CancellationToken, Task<bool?>> AddOnQuery =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId, CancellationToken _) =>
            c.Accounts.Where(a => a.Id == accountId).Select(a => (bool?)a.AddressMapsEnabled).SingleOrDefault());

    private static readonly Func<AddressMapsDbContext, string, string, CancellationToken, Task<AddressMap?>> FullMapQuery =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId, string mapId, CancellationToken _) =>
            c.AddressMaps.AsNoTracking()
                .Where(m => m.Id == mapId && m.AccountId == accountId)
                .Include(m => m.Ips.OrderBy(i => i.Id))
                .Include(m => m.Memberships.OrderBy(ms => ms.Id))
                .SingleOrDefault());

    /// <summary>Rule 10 (entitlement): every address-map call of an account without the add-on is
    /// refused with 1002. Run by the pipeline for endpoints marked <c>RequiresAddressMapsAddOn</c>,
    /// before the body is read, so that it wins over body errors as it does at Cloudflare's edge.</summary>
    public async Task EnsureAddOnAsync(string accountId, CancellationToken ct)
    {
        var enabled = await AddOnQuery(db, accountId, ct);
        if (enabled is null)
        {
            throw Errors.NotFound.With($"Account {accountId} not found");
        }

        if (enabled == false)
        {
            throw Errors.AddOnMissing.With("address_maps_not_enabled_on_account");
        }
    }

    private async Task<AddressMap> LoadFullAsync(string accountId, string mapId, CancellationToken ct) =>
        await FullMapQuery(db, accountId, mapId, ct) ?? throw MapNotFound(mapId);

    private async Task<MapFacts> LoadMapFactsAsync(string accountId, string mapId, CancellationToken ct)
    {
        var map = await db.AddressMaps.AsNoTracking()
            .Where(m => m.Id == mapId && m.AccountId == accountId)
            .Include(m => m.Memberships.OrderBy(ms => ms.Id))
            .SingleOrDefaultAsync(ct)
            ?? throw MapNotFound(mapId);
        return ToFacts(map);
    }

    private static MapFacts ToFacts(AddressMap m) =>
        new(m.Id, m.Enabled, m.CanDelete, m.CanModifyIps, m.Memberships.Select(x => new MembershipFacts(x.Kind, x.Identifier, x.CanDelete)).ToList());

    private async Task<AccountFacts> LoadAccountFactsAsync(string accountId, CancellationToken ct)
    {
        var prefixes = await db.Prefixes.AsNoTracking().Where(p => p.AccountId == accountId && p.Approved).Select(p => p.Cidr).ToListAsync(ct);
        var statics = await db.StaticIps.AsNoTracking().Where(s => s.AccountId == accountId).Select(s => s.Ip).ToListAsync(ct);
        var zones = await db.Zones.AsNoTracking().Where(z => z.AccountId == accountId).Select(z => new { z.Id, z.Name }).ToListAsync(ct);
        return new AccountFacts(accountId, prefixes, statics, zones.Select(z => (z.Id, z.Name)).ToList());
    }

    private static void EnsureMembershipAllowed(string kind, string identifier, AccountFacts facts)
    {
        if (kind == AddressMapRules.ZoneKind)
        {
            AddressMapRules.EnsureZoneOfAccount(identifier, facts);
        }
        else
        {
            AddressMapRules.EnsureAccountIsOwner(identifier, facts.Id);
        }
    }

    /// <summary>The memberships of a create body, checked by the rules, each once, in first-seen order.</summary>
    private static List<(string Kind, string Identifier)> DistinctMembers(IEnumerable<MembershipRequest?> requested, AccountFacts facts)
    {
        var members = new List<(string Kind, string Identifier)>();
        foreach (var m in requested)
        {
            // Shape (kind, identifier) was checked by the request validator.
            var member = (m!.Kind!, m.Identifier!);
            EnsureMembershipAllowed(member.Item1, member.Item2, facts);
            if (!members.Contains(member))
            {
                members.Add(member);
            }
        }

        return members;
    }

    /// <summary>True when the member already sits on <paramref name="mapId"/>; throws the rule's
    /// error when it sits on another map; false when it is on none.</summary>
    private async Task<bool> ThrowIfMemberElsewhereAsync(string kind, string identifier, string mapId, CancellationToken ct)
    {
        var holder = await db.AddressMapMemberships.AsNoTracking()
            .Where(m => m.Kind == kind && m.Identifier == identifier)
            .Select(m => m.AddressMapId)
            .SingleOrDefaultAsync(ct);
        if (holder is null)
        {
            return false;
        }

        if (holder == mapId)
        {
            return true;
        }

        // Name the member, not the other map: that map may belong to another account.
        throw kind == AddressMapRules.ZoneKind
            ? Errors.ZoneAlreadyMember.With($"Zone {identifier} is already a member of another address map")
            : Errors.AccountAlreadyMember.With($"Account {identifier} is already a member of another address map");
    }

    /// <summary>Runs a sub-resource change in one transaction that first moves the map's
    /// modified_at (which also locks the map row, serialising writers of one map). The change
    /// answers whether it changed anything; if not, the transaction is rolled back, so that
    /// modified_at stays as it was.</summary>
    private async Task<bool> InTransactionAsync(string accountId, string mapId, CancellationToken ct, Func<DateTime, Task<bool>> change)
    {
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var touched = await db.AddressMaps
            .Where(m => m.Id == mapId && m.AccountId == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ModifiedAt, now), ct);
        if (touched == 0)
        {
            throw MapNotFound(mapId);
        }

        if (!await change(now))
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await tx.CommitAsync(ct);
        return true;
    }

    private static IPNetwork ParseCidrFilter(string cidr)
    {
        // IPNetwork.TryParse masks host bits away on .NET 10 (203.0.113.1/24 parses as
        // 203.0.113.0/24), so the base address is compared with the address given.
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && AddressMapRules.TryParseIp(cidr[..slash], out var address) && IPNetwork.TryParse(cidr, out var network)
            && network.BaseAddress.Equals(address))
        {
            return network;
        }

        throw Errors.InvalidIdentifier.With($"cidr '{cidr}' is not a valid CIDR (for example 203.0.113.0/24; host bits must be zero)");
    }

    private static ApiException MapNotFound(string mapId) => Errors.NotFound.With($"Address map {mapId} not found");

    private static string Capitalized(string kind) => kind == AddressMapRules.ZoneKind ? "Zone" : "Account";

    private DateTime Now() => AddressMapRules.TruncateToMicroseconds(time.GetUtcNow().UtcDateTime);

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
