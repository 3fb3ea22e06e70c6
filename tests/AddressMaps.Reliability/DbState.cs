using Npgsql;

namespace AddressMaps.Reliability;

/// <summary>Direct reads of the address-map tables, for "a refused request changes nothing" and
/// for the checkers of the concurrent runs.</summary>
public static class DbState
{
    private static readonly (string Table, string Order)[] Tables =
    [
        ("address_maps", "t.id"),
        ("address_map_ips", "t.address_map_id, t.ip, t.id"),
        ("address_map_memberships", "t.kind, t.identifier, t.id"),
    ];

    /// <summary>Row count and md5 of every row (ordered) of each table.</summary>
    public static async Task<string> SnapshotAsync(NpgsqlConnection conn)
    {
        var parts = new List<string>();
        foreach (var (table, order) in Tables)
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY {order}), '')) FROM {table} t", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            await r.ReadAsync();
            parts.Add($"{table}={r.GetInt64(0)}:{r.GetString(1)[..8]}");
        }

        return string.Join(' ', parts);
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        // No pooling: a pooled connection would be stale after the outage check restarts PostgreSQL.
        var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public static async Task<List<object?[]>> QueryAsync(NpgsqlConnection conn, string sql, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        var rows = new List<object?[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The map holding a membership, or null.</summary>
    public static async Task<string?> MemberMapAsync(NpgsqlConnection conn, string kind, string identifier)
    {
        var rows = await QueryAsync(conn, "SELECT address_map_id FROM address_map_memberships WHERE kind = $1 AND identifier = $2", kind, identifier);
        return rows.Count == 0 ? null : (string?)rows[0][0];
    }
}
