using AddressMaps.Api.Maps;
using Npgsql;

namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: the list of an account's maps is kept per process as the answer it was,
/// with the version of the rows it was read from; a warm list runs one statement that reads that
/// version, and any committed change of the account's maps, through any
/// replica or straight in the database, is in the next list. Counts statements, never times them.</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class ListCacheTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.ListMaps)]
    [Fact]
    public async Task A_warm_list_runs_one_statement_the_version_of_the_maps_rows()
    {
        for (var i = 0; i < 3; i++)
        {
            await Api.CreateMapAsync(new { description = $"map {i}" });
        }

        using var recorder = new StatementRecorder(Fixture.Database);
        var first = await Api.GetAsync(CloudflareClient.Maps());
        recorder.Take();

        var again = await Api.GetAsync(CloudflareClient.Maps());

        again.AssertOk();
        var statement = Assert.Single(recorder.Take());
        Assert.Equal(MapRowsVersion.Sql, statement.Sql);
        Assert.Equal(first.Body, again.Body);
        Assert.True(again.Result.GetArrayLength() >= 3);
    }

    public static TheoryData<string> Changes => ["create", "patch", "delete", "put ip", "delete ip", "put zone", "reset"];

    [Covers(Op.ListMaps)]
    [Theory]
    [MemberData(nameof(Changes))]
    public async Task A_change_through_one_replica_is_in_the_next_list_of_the_other(string change)
    {
        var id = await Api.CreateMapAsync(new { description = "before", ips = new[] { "203.0.113.21" } });
        await using var replica = new ApiFactory(Fixture.Database.ConnectionString);
        var other = new CloudflareClient(replica.CreateClient(), Credentials.WriteToken);
        var before = (await other.GetAsync(CloudflareClient.Maps())).AssertOk();
        (await other.GetAsync(CloudflareClient.Maps())).AssertOk(); // the replica's copy is in use

        string? made = null;
        switch (change)
        {
            case "create": made = await Api.CreateMapAsync(new { description = "made on the first replica" }); break;
            case "patch": (await Api.PatchJsonAsync(CloudflareClient.Map(id), new { description = "after" })).AssertOk(); break;
            case "delete": (await Api.DeleteAsync(CloudflareClient.Map(id))).AssertOk(); break;
            case "put ip": (await Api.PutAsync(CloudflareClient.Map(id) + "/ips/203.0.113.22")).AssertOk(); break;
            case "delete ip": (await Api.DeleteAsync(CloudflareClient.Map(id) + "/ips/203.0.113.21")).AssertOk(); break;
            case "put zone": (await Api.PutAsync(CloudflareClient.Map(id) + $"/zones/{Demo.ExampleCom}")).AssertOk(); break;
            case "reset": (await Fixture.Factory.CreateClient().PostAsync($"/_emulator/reset?account_id={Demo.Account}", null)).EnsureSuccessStatusCode(); break;
        }

        var after = (await other.GetAsync(CloudflareClient.Maps())).AssertOk();
        var fresh = (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();
        Assert.NotEqual(before.Body, after.Body);
        Assert.Equal(Ids(fresh), Ids(after));
        Assert.Equal(fresh.Result.ToString(), after.Result.ToString());
        if (made is not null)
        {
            Assert.Contains(made, Ids(after));
        }
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task A_change_made_straight_in_the_database_is_in_the_next_list()
    {
        var id = await Api.CreateMapAsync(new { description = "as created" });
        (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();
        (await Api.GetAsync(CloudflareClient.Maps())).AssertOk(); // cached

        await using (var db = Fixture.NewDbContext())
        {
            await db.AddressMaps.Where(m => m.Id == id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Description, "edited in SQL"));
        }

        var list = (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();
        var map = list.Result.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal("edited in SQL", map.GetProperty("description").GetString());
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task Each_account_has_its_own_list_and_a_filtered_list_is_never_the_whole_one()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.23" } });
        await Api.CreateMapAsync(new { description = "no ip" });
        var whole = (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();
        (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();

        var filtered = (await Api.GetAsync(CloudflareClient.Maps() + "?ip=203.0.113.23")).AssertOk();
        var other = (await Api.As(Credentials.OtherWriteToken).GetAsync(CloudflareClient.Maps(Demo.OtherAccount))).AssertOk();

        Assert.Equal([id], Ids(filtered));
        Assert.True(whole.Result.GetArrayLength() >= 2);
        Assert.Empty(Ids(other).Intersect(Ids(whole)));
    }

    /// <summary>The version is read on every warm list, so its work must not grow with the
    /// account's maps: 300 more maps (inserted in a transaction that is rolled back) and the
    /// statement still reads a handful of rows (EXPLAIN ANALYZE's rows of every scan).</summary>
    [Covers(Op.ListMaps)]
    [Fact]
    public async Task The_version_reads_the_same_few_rows_however_many_maps_the_account_has()
    {
        await using var connection = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        await using var tx = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync($"""
            INSERT INTO address_maps (id, account_id, enabled, can_delete, can_modify_ips, created_at, modified_at)
            SELECT md5('version-cost' || g), '{Demo.Account}', false, true, true, now(), now() FROM generate_series(1, 300) g
            """);
        await connection.ExecuteAsync($"PREPARE version AS {MapRowsVersion.Sql}");

        var rowsRead = RowsScanned(await connection.PlanAsync($"EXECUTE version('{Demo.Account}')", "ANALYZE"));

        Assert.InRange(rowsRead, 1, 64);
        await tx.RollbackAsync();
    }

    /// <summary>The version is kept by triggers, so every kind of statement that writes map rows
    /// must move it, TRUNCATE included (in a transaction that is rolled back).</summary>
    [Covers(Op.ListMaps)]
    [Fact]
    public async Task Every_kind_of_write_to_the_map_rows_moves_the_version()
    {
        await using var connection = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        await using var tx = await connection.BeginTransactionAsync();
        var id = "0123456789abcdef0123456789abcdef";
        string[] writes =
        [
            $"INSERT INTO address_maps (id, account_id, enabled, can_delete, can_modify_ips, created_at, modified_at) VALUES ('{id}', '{Demo.Account}', false, true, true, now(), now())",
            $"UPDATE address_maps SET description = 'edited in SQL' WHERE id = '{id}'",
            $"DELETE FROM address_maps WHERE id = '{id}'",
            "TRUNCATE address_maps CASCADE",
        ];

        var seen = new List<(long, long)> { await VersionAsync(connection) };
        foreach (var write in writes)
        {
            await connection.ExecuteAsync(write);
            seen.Add(await VersionAsync(connection));
        }

        await tx.RollbackAsync();
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    /// <summary>Writers that shared a count row waited for each other there, and a create with a
    /// zone membership (its map counted, its membership insert waiting for a PUT of that zone)
    /// deadlocked with that PUT (counting last): PostgreSQL broke it after its deadlock_timeout
    /// and the PUT answered 500 (CI, replicas check). Here another transaction holds every count
    /// row the account has, as writers in every slot would; a write must still go through at once.</summary>
    [Fact]
    public async Task A_write_of_the_map_rows_never_waits_for_another_writers_count()
    {
        await using var holder = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        await using var held = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync($"INSERT INTO address_map_versions (account_id, slot, changes, stamp) SELECT '{Demo.Account}', s, 0, 0 FROM generate_series(0, 63) s ON CONFLICT DO NOTHING");
        await holder.ExecuteAsync($"SELECT * FROM address_map_versions WHERE account_id = '{Demo.Account}' FOR UPDATE");

        await using var writer = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        await using var tx = await writer.BeginTransactionAsync();
        await writer.ExecuteAsync("SET LOCAL lock_timeout = '3s'");
        var before = await VersionAsync(writer);
        await writer.ExecuteAsync($"INSERT INTO address_maps (id, account_id, enabled, can_delete, can_modify_ips, created_at, modified_at) VALUES ('{new string('e', 32)}', '{Demo.Account}', false, true, true, now(), now())");
        var after = await VersionAsync(writer);

        await tx.RollbackAsync();
        await held.RollbackAsync();
        Assert.NotEqual(before, after);
    }

    private static async Task<(long, long)> VersionAsync(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand(MapRowsVersion.Sql, connection) { Parameters = { new() { Value = Demo.Account } } };
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static double RowsScanned(JsonElement node) =>
        (node.TryGetProperty("Relation Name", out _) ? node.GetProperty("Actual Rows").GetDouble() * node.GetProperty("Actual Loops").GetDouble() : 0)
        + (node.TryGetProperty("Plans", out var children) ? children.EnumerateArray().Sum(RowsScanned) : 0);

    private static List<string> Ids(ApiResponse list) => list.Result.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
}
