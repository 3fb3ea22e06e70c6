using Npgsql;

namespace AddressMaps.Tests.Http;

/// <summary>The invariants the database enforces must be in the database: every unique index the
/// rules rely on exists and is unique, whatever the EF model can or cannot say about it (EF Core
/// cannot declare a unique index over IPAddress or IPNetwork; see AddressMapConfigurations.cs).</summary>
public sealed class SchemaTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Theory]
    [InlineData("address_map_ips", "ux_address_map_ips_map_ip", "(address_map_id, ip)")]
    [InlineData("address_map_memberships", "ux_address_map_memberships_kind_identifier", "(kind, identifier)")]
    [InlineData("static_ips", "ux_static_ips_ip", "(ip)")]
    [InlineData("prefixes", "ix_prefixes_account_id_cidr", "(account_id, cidr)")]
    [InlineData("zones", "ix_zones_account_id_name", "(account_id, name)")]
    [InlineData("users", "ix_users_email", "(email)")]
    [InlineData("api_tokens", "ix_api_tokens_secret_hash", "(secret_hash)")]
    public async Task The_unique_indexes_the_rules_rely_on_exist(string table, string index, string columns)
    {
        await using var connection = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = @t AND indexname = @i", connection);
        command.Parameters.AddWithValue("t", table);
        command.Parameters.AddWithValue("i", index);

        var definition = await command.ExecuteScalarAsync() as string;

        Assert.NotNull(definition);
        Assert.StartsWith("CREATE UNIQUE INDEX", definition, StringComparison.Ordinal);
        Assert.EndsWith(columns, definition, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_journal_is_unlogged()
    {
        await using var connection = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT relname FROM pg_class WHERE relkind = 'r' AND relpersistence = 'u' AND relnamespace = 'public'::regnamespace", connection);
        var unlogged = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                unlogged.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["journal_entries"], unlogged);
    }

    /// <summary>Issue 13: the columns that hold whole documents are compressed with lz4 (this
    /// PostgreSQL is built with it), not pglz, which cost five times the CPU.</summary>
    [Fact]
    public async Task The_columns_that_hold_documents_are_compressed_with_lz4()
    {
        await using var connection = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT attrelid::regclass::text || '.' || attname FROM pg_attribute
            WHERE attcompression = 'l' AND attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
            ORDER BY 1
            """, connection);
        var lz4 = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lz4.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["audit_log_entries.new_value", "audit_log_entries.old_value", "journal_entries.request_body", "journal_entries.response_body", "stored_documents.document"], lz4);
    }
}
