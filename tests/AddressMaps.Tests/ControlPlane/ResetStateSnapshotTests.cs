using Npgsql;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.ControlPlane;

/// <summary>EMULATOR.md §3: reset, seed, state and snapshots, each one transaction.</summary>
public sealed class ResetStateSnapshotTests(ApiFixture fixture) : ApiTest(fixture)
{
    private HttpClient Http => Api.Http;

    private static string Section(string state, string accountId) =>
        JsonDocument.Parse(state).RootElement.GetProperty("accounts").EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == accountId).GetRawText();

    [Covers("emulator-reset", Op.CreateMap, Op.UpdateMap)]
    [Fact]
    public async Task A_reset_goes_back_to_the_seed_and_answers_what_it_removed()
    {
        var made = await CreateAccountAsync(Http);
        await Api.CreateMapAsync(new { description = "user map" });
        var managed = CloudflareClient.Map(Demo.StaticManagedMap, Demo.StaticAccount);
        var seeded = (await Api.As(Credentials.StaticWriteToken).GetAsync(managed)).AssertOk().Body;
        (await Api.As(Credentials.StaticWriteToken).PatchJsonAsync(managed, new { description = "edited" })).AssertOk();

        var reset = (await SendAsync(Http, HttpMethod.Post, "/_emulator/reset")).AssertOk().Result;

        Assert.True(reset.GetProperty("maps").GetInt32() >= 2);
        Assert.Equal(1, reset.GetProperty("accounts").GetInt32());
        Assert.Empty((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray());
        Assert.Equal(seeded, (await Api.As(Credentials.StaticWriteToken).GetAsync(managed)).Body);
        (await Api.As(made.TokenCredential).GetAsync(CloudflareClient.Maps(made.Id))).AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Covers("emulator-reset", "emulator-get-state")]
    [Fact]
    public async Task A_reset_of_one_account_leaves_every_other_account_byte_for_byte()
    {
        await Api.CreateMapAsync(new { description = "demo map", ips = new[] { "203.0.113.1" } });
        var other = await Api.As(Credentials.OtherWriteToken).CreateMapAsync(new { description = "other map" }, Demo.OtherAccount);
        var before = await RawAsync(Http, "/_emulator/state");

        var reset = (await SendAsync(Http, HttpMethod.Post, $"/_emulator/reset?account_id={Demo.Account}")).AssertOk().Result;

        Assert.Equal(1, reset.GetProperty("maps").GetInt32());
        var after = await RawAsync(Http, "/_emulator/state");
        Assert.Equal(Section(before, Demo.OtherAccount), Section(after, Demo.OtherAccount));
        Assert.Equal(Section(before, Demo.StaticAccount), Section(after, Demo.StaticAccount));
        Assert.Empty((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray());
        Assert.Contains(other, Section(after, Demo.OtherAccount), StringComparison.Ordinal);
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/reset?account_id=nope")).AssertError(HttpStatusCode.BadRequest, 2004);
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/reset?account_id=0123456789abcdef0123456789abcdef")).AssertError(HttpStatusCode.NotFound, 1000);
    }

    [Covers("emulator-get-state", "emulator-put-state", Op.CreateMap, Op.AddZone)]
    [Fact]
    public async Task The_state_loaded_as_a_seed_file_into_an_empty_database_gives_the_same_state_byte_for_byte()
    {
        var made = await CreateAccountAsync(Http);
        await Api.CreateMapAsync(new { description = "round trip", default_sni = "www.example.com", ips = new[] { "203.0.113.9", "2001:db8::9" }, memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });
        await Api.As(made.TokenCredential).CreateMapAsync(new { enabled = true, ips = new[] { "198.51.100.1" } }, made.Id);
        var state = await RawAsync(Http, "/_emulator/state");
        Assert.DoesNotContain(Demo.WriteToken, state, StringComparison.Ordinal);
        Assert.DoesNotContain(made.Token, state, StringComparison.Ordinal);
        Assert.DoesNotContain(made.Key, state, StringComparison.Ordinal);

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, state);
        var database = "roundtrip_" + Guid.NewGuid().ToString("N")[..8];
        var connection = new NpgsqlConnectionStringBuilder(Fixture.Database.ConnectionString) { Database = database }.ConnectionString;
        await ExecuteAsync($"CREATE DATABASE {database}");
        try
        {
            await using (var fresh = new ApiFactory(connection, new Dictionary<string, string?> { ["AddressMaps:SeedFile"] = file }))
            {
                Assert.Equal(state, await RawAsync(fresh.CreateClient(), "/_emulator/state"));
                var client = new CloudflareClient(fresh.CreateClient(), made.TokenCredential);
                Assert.Single((await client.GetAsync(CloudflareClient.Maps(made.Id))).AssertOk().Result.EnumerateArray());
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            File.Delete(file);
        }

        // And PUT /_emulator/state on this host puts it back after other changes.
        await Api.CreateMapAsync(new { description = "after the export" });
        (await SendAsync(Http, HttpMethod.Put, "/_emulator/state", state)).AssertOk();
        Assert.Equal(state, await RawAsync(Http, "/_emulator/state"));
    }

    [Covers("emulator-put-state", "emulator-put-seed", "emulator-get-seed")]
    [Fact]
    public async Task A_seed_or_state_document_with_errors_is_2004_naming_each_and_nothing_is_applied()
    {
        await Api.CreateMapAsync(new { description = "kept" });
        var before = await RawAsync(Http, "/_emulator/state");
        const string bad = """{"accounts":[{"id":"NOT-AN-ID","name":"x","address_maps_enabled":true,"zones":[{"id":"70c5cd7a66273dcbc0591821831d49d5","name":"not a host"}]}]}""";

        var state = await SendAsync(Http, HttpMethod.Put, "/_emulator/state", bad);
        var seed = await SendAsync(Http, HttpMethod.Put, "/_emulator/seed", bad);
        var unknownKey = await SendAsync(Http, HttpMethod.Put, "/_emulator/seed", """{"acounts":[]}""");

        foreach (var answer in new[] { state, seed })
        {
            answer.AssertError(HttpStatusCode.BadRequest, 2004);
            Assert.Contains("NOT-AN-ID", answer.FirstErrorMessage, StringComparison.Ordinal);
            Assert.Contains("not a host", answer.FirstErrorMessage, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, unknownKey.Status);
        Assert.Equal(before, await RawAsync(Http, "/_emulator/state"));
        var seedInForce = await RawAsync(Http, "/_emulator/seed");
        Assert.Contains(Demo.Account, seedInForce, StringComparison.Ordinal);
        Assert.DoesNotContain(Demo.WriteToken, seedInForce, StringComparison.Ordinal);
        Assert.DoesNotContain(Demo.GlobalKey, seedInForce, StringComparison.Ordinal);
    }

    [Covers("emulator-put-seed", "emulator-get-seed", Op.ListMaps)]
    [Fact]
    public async Task A_seed_put_now_is_loaded_without_losing_a_map_and_becomes_the_seed_in_force()
    {
        var kept = await Api.CreateMapAsync(new { description = "not lost" });
        var seed = JsonDocument.Parse(await RawAsync(Http, "/_emulator/seed")).RootElement;
        var renamed = seed.GetRawText().Replace("\"Demo BYOIP\"", "\"Demo BYOIP renamed\"", StringComparison.Ordinal);

        (await SendAsync(Http, HttpMethod.Put, "/_emulator/seed", renamed)).AssertOk();

        Assert.Contains("Demo BYOIP renamed", await RawAsync(Http, "/_emulator/seed"), StringComparison.Ordinal);
        Assert.Contains((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray(), m => m.GetProperty("id").GetString() == kept);
        // Back to the demo seed for the tests after this one.
        (await SendAsync(Http, HttpMethod.Put, "/_emulator/seed", seed.GetRawText())).AssertOk();
    }

    [Covers("emulator-create-snapshot", "emulator-list-snapshots", "emulator-restore-snapshot", "emulator-delete-snapshot", Op.CreateMap)]
    [Fact]
    public async Task A_snapshot_restores_the_state_exactly_and_can_be_listed_and_forgotten()
    {
        await Api.CreateMapAsync(new { description = "in the snapshot" });
        var saved = (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots", """{"name":"before.v1"}""")).AssertOk().Result;
        var state = await RawAsync(Http, "/_emulator/state");
        await Api.CreateMapAsync(new { description = "after the snapshot" });
        await CreateAccountAsync(Http);

        (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots/before.v1/restore")).AssertOk();

        Assert.Equal(state, await RawAsync(Http, "/_emulator/state"));
        Assert.Equal("before.v1", saved.GetProperty("name").GetString());
        var listed = (await SendAsync(Http, HttpMethod.Get, "/_emulator/snapshots")).AssertOk().Result;
        var entry = Assert.Single(listed.EnumerateArray(), s => s.GetProperty("name").GetString() == "before.v1");
        Assert.Equal(4, entry.GetProperty("accounts").GetInt32());
        (await SendAsync(Http, HttpMethod.Delete, "/_emulator/snapshots/before.v1")).AssertOk();
        (await SendAsync(Http, HttpMethod.Delete, "/_emulator/snapshots/before.v1")).AssertError(HttpStatusCode.NotFound, 1000);
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots/nothing/restore")).AssertError(HttpStatusCode.NotFound, 1000);
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots", """{"name":"no spaces allowed"}""")).AssertError(HttpStatusCode.BadRequest, 2004);
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots", "{}")).AssertError(HttpStatusCode.BadRequest, 2004);
    }

    [Covers("emulator-restore-snapshot", Op.ListMaps)]
    [Fact]
    public async Task A_reader_on_another_connection_sees_the_state_before_or_after_a_restore_never_a_mix()
    {
        for (var i = 0; i < 40; i++)
        {
            await Api.CreateMapAsync(new { description = "many " + i });
        }

        (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots", """{"name":"forty"}""")).AssertOk();
        (await SendAsync(Http, HttpMethod.Post, "/_emulator/reset")).AssertOk();
        using var stop = new CancellationTokenSource();
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var client = Fixture.Client();
            while (!stop.IsCancellationRequested)
            {
                seen.Add((await client.GetAsync(CloudflareClient.Maps())).AssertOk().Result.GetArrayLength());
            }
        })).ToList();

        for (var round = 0; round < 6; round++)
        {
            (await SendAsync(Http, HttpMethod.Post, "/_emulator/snapshots/forty/restore")).AssertOk();
            (await SendAsync(Http, HttpMethod.Post, "/_emulator/reset")).AssertOk();
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.NotEmpty(seen);
        Assert.All(seen, count => Assert.True(count is 0 or 40, $"a reader saw {count} maps"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
