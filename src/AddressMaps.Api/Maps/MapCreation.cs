using AddressMaps.Api.AuditLogs;
using AddressMaps.Api.Memberships;
using Npgsql;
using NpgsqlTypes;

namespace AddressMaps.Api.Maps;

/// <summary>Writes a new map with its IPs and memberships: one transaction, one statement per set,
/// linear in the number of IPs.</summary>
public sealed class MapCreation(MapAccess maps)
{
    private AddressMapsDbContext Db => maps.Db;

    /// <summary>"A member is on at most one map" is the unique index's to enforce: memberships go in
    /// with ON CONFLICT DO NOTHING, and a member that did not is looked up only then, to name it.
    /// If its holder let go of it in between (a race), the whole create is tried again, so the
    /// answer is always the map or the rule's 400.</summary>
    public async Task<AddressMap> InsertAsync(AddressMap map, IReadOnlyList<IPAddress> ips, IReadOnlyList<(MembershipKind Kind, string Identifier)> members, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MembershipService.MaxRaceAttempts; attempt++)
        {
            map.Id = Identifiers.New();
            map.CreatedAt = map.ModifiedAt = maps.Now();
            var refused = await TryInsertAsync(map, ips, members, ct);
            if (refused is null)
            {
                return map;
            }

            await MembershipService.ThrowIfMemberElsewhereAsync(Db, refused.Value.Kind, refused.Value.Identifier, map.Id, ct);
        }

        throw MembershipService.RaceLost(members[0].Kind, members[0].Identifier);
    }

    /// <summary>Null when committed, or the first member another map holds (rolled back). Without
    /// memberships nothing can be refused: the map, its IPs and its audit entry go as one command,
    /// which PostgreSQL runs as one implicit transaction (all statements up to the protocol's Sync
    /// message, all or none): one round trip instead of five (issue 13).</summary>
    private async Task<(MembershipKind Kind, string Identifier)?> TryInsertAsync(
        AddressMap map, IReadOnlyList<IPAddress> ips, IReadOnlyList<(MembershipKind Kind, string Identifier)> members, CancellationToken ct)
    {
        map.Ips = ips.Select(ip => new AddressMapIp { AddressMapId = map.Id, Ip = ip, CreatedAt = map.CreatedAt }).ToList();
        map.Memberships = members.Select(m => new AddressMapMembership { AddressMapId = map.Id, Kind = m.Kind, Identifier = m.Identifier, CreatedAt = map.CreatedAt }).ToList();
        var audit = maps.Audit.Statement(map.AccountId, AuditAction.Create, map.Id, null, AuditTrail.Json(map), map.CreatedAt);
        if (members.Count == 0)
        {
            await Batch.ExecuteAsync(Db, ct, [.. MapAndIps(map, ips), audit]);
            return null;
        }

        await using var tx = await Db.Database.BeginTransactionAsync(ct);
        await Batch.ExecuteAsync(Db, ct, MapAndIps(map, ips));
        var inserted = await InsertMembersAsync(map, members, ct);
        if (inserted.Count < members.Count)
        {
            await tx.RollbackAsync(ct);
            return members.First(m => !inserted.Contains(m.Kind.Wire() + ":" + m.Identifier));
        }

        await Batch.ExecuteAsync(Db, ct, audit);
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>The map row and its IPs (one statement each), in the order given.</summary>
    private static FormattableString[] MapAndIps(AddressMap map, IReadOnlyList<IPAddress> ips)
    {
        FormattableString row = $"""
            INSERT INTO address_maps (id, account_id, description, default_sni, enabled, can_delete, can_modify_ips, created_at, modified_at)
            VALUES ({map.Id}, {map.AccountId}, {map.Description}, {map.DefaultSni}, {map.Enabled}, TRUE, TRUE, {map.CreatedAt}, {map.ModifiedAt})
            """;
        if (ips.Count == 0)
        {
            return [row];
        }

        var array = new NpgsqlParameter("ips", NpgsqlDbType.Array | NpgsqlDbType.Inet) { Value = ips.ToArray() };
        return [row, $"""
            INSERT INTO address_map_ips (address_map_id, ip, created_at)
            SELECT {map.Id}, t.ip, {map.CreatedAt} FROM unnest({array}) WITH ORDINALITY AS t(ip, n) ORDER BY t.n
            """];
    }

    /// <summary>The rows go in in one order for every create, whatever the body's: two creates
    /// naming the same members in other orders could each hold one the other waits for (ON CONFLICT
    /// waits for an insert in flight), a deadlock PostgreSQL breaks by failing one of them. Their
    /// ids are drawn in the body's order first (a volatile function is evaluated after its query's
    /// sort), so details lists them as the create answered them.</summary>
    private async Task<List<string>> InsertMembersAsync(AddressMap map, IReadOnlyList<(MembershipKind Kind, string Identifier)> members, CancellationToken ct)
    {
        var kinds = members.Select(m => m.Kind.Wire()).ToArray();
        var identifiers = members.Select(m => m.Identifier).ToArray();
        return await Db.Database.SqlQuery<string>($"""
            INSERT INTO address_map_memberships (id, address_map_id, kind, identifier, can_delete, created_at)
            SELECT t.id, {map.Id}, t.kind, t.identifier, TRUE, {map.CreatedAt}
            FROM (SELECT nextval(pg_get_serial_sequence('address_map_memberships', 'id')) AS id, u.kind, u.identifier
                  FROM unnest({kinds}, {identifiers}) WITH ORDINALITY AS u(kind, identifier, n) ORDER BY u.n) t
            ORDER BY t.kind, t.identifier
            ON CONFLICT (kind, identifier) DO NOTHING
            RETURNING kind || ':' || identifier AS "Value"
            """).ToListAsync(ct);
    }
}
