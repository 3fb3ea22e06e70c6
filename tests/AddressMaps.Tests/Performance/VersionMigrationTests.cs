using AddressMaps.Api;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: the migration that made counting never wait goes down to the row-per-slot
/// function, folding the rows it added into slot 0 without losing a count, and up again.</summary>
public sealed class VersionMigrationTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Counting_that_never_waits_goes_down_and_up_again_keeping_every_count()
    {
        var database = "versions_" + Guid.NewGuid().ToString("N")[..8];
        await using (var admin = await RawSql.OpenAsync(Fixture.Database.ConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {database}");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(Fixture.Database.ConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var db = new AddressMapsDbContext(new DbContextOptionsBuilder<AddressMapsDbContext>()
                .UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync();
            await using var sql = await RawSql.OpenAsync(connectionString);
            await sql.ExecuteAsync("INSERT INTO address_map_versions (account_id, slot, changes, stamp) VALUES ('a', 3, 5, 10), ('a', 64, 3, 12), ('a', 65, 1, 11)");

            await migrator.MigrateAsync("20261207010000_AddressMapVersions");
            var down = (await FunctionAsync(sql), await RowsAsync(sql));
            await migrator.MigrateAsync();

            Assert.Contains("pg_backend_pid() % 64", down.Item1, StringComparison.Ordinal);
            Assert.Equal(["0:4:12", "3:5:10"], down.Item2);
            Assert.Contains("SKIP LOCKED", await FunctionAsync(sql), StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task<string> FunctionAsync(NpgsqlConnection connection) =>
        (await connection.ScalarAsync<string>("SELECT prosrc FROM pg_proc WHERE proname = 'address_maps_count_change'"))!;

    private static async Task<List<string>> RowsAsync(NpgsqlConnection connection) =>
        [.. (await connection.ScalarAsync<string>("SELECT string_agg(slot || ':' || changes || ':' || stamp, ',' ORDER BY slot) FROM address_map_versions WHERE account_id = 'a'") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)];
}
