using Npgsql;

namespace AddressMaps.Api.Maps;

/// <summary>A map with its IPs and memberships in one round trip, read by hand: one batch of
/// statements on the context's connection (in its transaction, if any), each its own result.
/// Issue 13: EF's query with two collection includes built delegates on every call and was the
/// largest part of a details request's own work.
///
/// A writer's batch reads the map row with its lock (FOR UPDATE), a statement of its own: after
/// waiting for the lock PostgreSQL answers the row as the writer before left it, and in READ
/// COMMITTED each later statement reads with the snapshot of its start, so the IPs and
/// memberships read after it see every writer that held the lock before (one statement that
/// locked and joined saw, after waiting, the map row as the other writer left it but its IPs as
/// they were before).</summary>
public static class MapReader
{
    private const string Map = """
        SELECT id, account_id, description, default_sni, enabled, can_delete, can_modify_ips, created_at, modified_at
        FROM address_maps WHERE id = $1 AND account_id = $2
        """;

    // Issue 13: the lock was a statement before the read, one more for PostgreSQL to run per write.
    private const string LockedMap = Map + " FOR UPDATE";
    private const string Ips = "SELECT id, ip, created_at FROM address_map_ips WHERE address_map_id = $1 ORDER BY id";
    private const string Memberships = "SELECT id, kind, identifier, can_delete, created_at FROM address_map_memberships WHERE address_map_id = $1 ORDER BY id";

    /// <summary>The map (null when the account has no such map), and the account's ownership
    /// facts when <paramref name="withOwnership"/> (read after the map, in the same batch).</summary>
    public static async Task<(AddressMap? Map, AccountFacts? Ownership)> ReadAsync(AddressMapsDbContext db, string accountId, string mapId, bool locked, bool withOwnership, CancellationToken ct)
    {
        if (!Identifiers.IsCloudflareId(mapId))
        {
            return (null, null);
        }

        List<NpgsqlBatchCommand> commands = [Batch.Command(locked ? LockedMap : Map, mapId, accountId), Batch.Command(Ips, mapId), Batch.Command(Memberships, mapId)];
        if (withOwnership)
        {
            commands.Add(AccountFactsQuery.Command(accountId, withZones: false, except: null));
        }

        return await Batch.ReadAsync(db, commands, async reader =>
        {
            var map = await ReadMapAsync(reader, ct);
            var ownership = withOwnership && await reader.NextResultAsync(ct) ? await AccountFactsQuery.ReadAsync(reader, accountId, ct) : null;
            return (map, ownership);
        }, ct);
    }

    private static async Task<AddressMap?> ReadMapAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        AddressMap? map = null;
        if (await reader.ReadAsync(ct))
        {
            map = new AddressMap
            {
                Id = reader.GetString(0),
                AccountId = reader.GetString(1),
                Description = reader.IsDBNull(2) ? null : reader.GetString(2),
                DefaultSni = reader.IsDBNull(3) ? null : reader.GetString(3),
                Enabled = reader.GetBoolean(4),
                CanDelete = reader.GetBoolean(5),
                CanModifyIps = reader.GetBoolean(6),
                CreatedAt = reader.GetFieldValue<DateTime>(7),
                ModifiedAt = reader.GetFieldValue<DateTime>(8),
            };
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            map?.Ips.Add(new AddressMapIp { Id = reader.GetInt64(0), AddressMapId = map.Id, Ip = reader.GetFieldValue<IPAddress>(1), CreatedAt = reader.GetFieldValue<DateTime>(2) });
        }

        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            map?.Memberships.Add(Membership(reader, map.Id));
        }

        return map;
    }

    private static AddressMapMembership Membership(NpgsqlDataReader reader, string mapId) => new()
    {
        Id = reader.GetInt64(0),
        AddressMapId = mapId,
        Kind = EnumText.ParseKind(reader.GetString(1))!.Value,
        Identifier = reader.GetString(2),
        CanDelete = reader.GetBoolean(3),
        CreatedAt = reader.GetFieldValue<DateTime>(4),
    };
}
