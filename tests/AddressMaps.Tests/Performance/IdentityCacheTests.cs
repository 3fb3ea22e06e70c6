using AddressMaps.Tests.Auth;
using AddressMaps.Tests.ControlPlane;

namespace AddressMaps.Tests.Performance;

/// <summary>Issue 13: credentials and the add-on flag are read once per change, not once per
/// request, and a change through one replica (or straight into the database) is seen by the next
/// request to any other. Counts statements, never times them (scripts/bench measures time).</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class IdentityCacheTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.MapDetails)]
    [Theory]
    [InlineData("token")]
    [InlineData("key")]
    public async Task A_warm_details_request_runs_one_statement_whichever_the_credential(string kind)
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.20" }, memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });
        var api = Api.As(kind == "token" ? Credentials.WriteToken : Credentials.DemoKey);
        using var recorder = new StatementRecorder(Fixture.Database);
        (await api.GetAsync(CloudflareClient.Map(id))).AssertOk(); // warm
        recorder.Take();

        var details = await api.GetAsync(CloudflareClient.Map(id));

        details.AssertOk();
        var statement = Assert.Single(recorder.Take());
        Assert.Contains("address_maps", statement.Sql, StringComparison.Ordinal);
        Assert.Equal("203.0.113.20", details.Result.GetProperty("ips")[0].GetProperty("ip").GetString());
    }

    [Covers(Op.MapDetails)]
    [Fact]
    public async Task An_account_deleted_through_one_replica_is_refused_by_the_next_request_to_the_other()
    {
        await using var replica = new ApiFactory(Fixture.Database.ConnectionString);
        using var admin = Fixture.Factory.CreateClient();
        var made = await ControlPlaneClient.CreateAccountAsync(admin);
        var onReplica = new CloudflareClient(replica.CreateClient(), made.TokenCredential);
        var viaKey = new CloudflareClient(replica.CreateClient(), made.KeyCredential);
        var path = $"/client/v4/accounts/{made.Id}/addressing/address_maps";
        (await onReplica.GetAsync(path)).AssertOk(); // now in the replica's copy
        (await viaKey.GetAsync(path)).AssertOk();

        (await ControlPlaneClient.SendAsync(admin, HttpMethod.Delete, $"/_emulator/accounts/{made.Id}")).AssertOk();

        (await onReplica.GetAsync(path)).AssertError(HttpStatusCode.Forbidden, 9109);
        (await viaKey.GetAsync(path)).AssertError(HttpStatusCode.Forbidden, 9103);
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task A_token_disabled_straight_in_the_database_is_refused_once_postgresql_has_told_the_api()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture);
        var api = Api.As(token.Credentials);
        (await api.GetAsync(CloudflareClient.Maps())).AssertOk(); // cached

        await using (var db = Fixture.NewDbContext())
        {
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TokenStatus.Disabled));
        }

        // No announcement from the test: the database's trigger alone must reach the API.
        var refused = false;
        for (var i = 0; i < 100 && !refused; i++)
        {
            refused = (await api.GetAsync(CloudflareClient.Maps())).Status == HttpStatusCode.Forbidden;
            if (!refused)
            {
                await Task.Delay(20);
            }
        }

        Assert.True(refused, "a token disabled in the database was still accepted after 2 s");
        (await api.GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Covers(Op.ListMaps)]
    [Fact]
    public async Task The_add_on_switched_off_and_announced_answers_1002_on_the_next_request()
    {
        (await Api.GetAsync(CloudflareClient.Maps())).AssertOk(); // the flag is cached
        await using (var db = Fixture.NewDbContext())
        {
            await db.Accounts.Where(a => a.Id == Demo.Account).ExecuteUpdateAsync(u => u.SetProperty(a => a.AddressMapsEnabled, false));
        }

        await Fixture.AnnounceIdentityChangeAsync();
        try
        {
            (await Api.GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 1002);
        }
        finally
        {
            await using var db = Fixture.NewDbContext();
            await db.Accounts.Where(a => a.Id == Demo.Account).ExecuteUpdateAsync(u => u.SetProperty(a => a.AddressMapsEnabled, true));
            await Fixture.AnnounceIdentityChangeAsync();
        }
    }
}

/// <summary>The cache's own rules, without a database.</summary>
public sealed class IdentityCacheUnitTests
{
    [Fact]
    public async Task A_read_that_raced_a_change_is_not_served_afterwards()
    {
        var cache = new IdentityCache();
        cache.SetLive(true);
        var loads = 0;
        await cache.GetAsync("k", () =>
        {
            loads++;
            cache.Invalidate(); // a change committed while this read was in flight
            return Task.FromResult<string?>("old");
        });

        var again = await cache.GetAsync("k", () => { loads++; return Task.FromResult<string?>("new"); });

        Assert.Equal("new", again);
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task Without_a_listening_connection_every_read_goes_to_the_database()
    {
        var cache = new IdentityCache();
        var loads = 0;
        for (var i = 0; i < 3; i++)
        {
            await cache.GetAsync("k", () => { loads++; return Task.FromResult<string?>("v"); });
        }

        Assert.Equal(3, loads);
        cache.SetLive(true);
        await cache.GetAsync("k", () => { loads++; return Task.FromResult<string?>("v"); });
        await cache.GetAsync("k", () => { loads++; return Task.FromResult<string?>("v"); });
        Assert.Equal(4, loads);
    }

    [Fact]
    public async Task Nothing_is_kept_for_a_credential_that_was_not_found()
    {
        var cache = new IdentityCache();
        cache.SetLive(true);
        var loads = 0;
        await cache.GetAsync("k", () => { loads++; return Task.FromResult<string?>(null); });
        await cache.GetAsync("k", () => { loads++; return Task.FromResult<string?>(null); });
        Assert.Equal(2, loads);
    }
}
