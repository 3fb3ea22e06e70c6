using AddressMaps.Api.Seed;

namespace AddressMaps.Tests.Http;

/// <summary>State lives in PostgreSQL only: a new host on the same database sees everything, and
/// loading the same seed again changes nothing.</summary>
public sealed class PersistenceTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.CreateMap, Op.UpdateMap, Op.MapDetails, Op.ListMaps)]
    [Fact]
    public async Task Maps_survive_a_restart_of_the_host_and_the_seed_is_not_reapplied_over_them()
    {
        var id = await Api.CreateMapAsync(new
        {
            description = "survives",
            ips = new[] { "203.0.113.1" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } },
        });
        var managed = CloudflareClient.Map(Demo.StaticManagedMap, Demo.StaticAccount);
        (await Api.As(Credentials.StaticWriteToken).PatchJsonAsync(managed, new { description = "edited by the user" })).AssertOk();
        var before = (await Api.GetAsync(CloudflareClient.Map(id))).Body;

        // A second host on the same database: migrations and seed run again at its start.
        await using (var restarted = new ApiFactory(Fixture.Database.ConnectionString))
        {
            var client = new CloudflareClient(restarted.CreateClient(), Credentials.DemoKey);
            var after = await client.GetAsync(CloudflareClient.Map(id));
            var managedAfter = await client.As(Credentials.StaticWriteToken).GetAsync(managed);

            Assert.Equal(before, after.AssertOk().Body);
            Assert.Equal("edited by the user", managedAfter.AssertOk().Result.GetProperty("description").GetString());
            Assert.Single((await client.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray());
        }
    }

    /// <summary>Issue 13: a warm start with the seed in force loads nothing (the state is kept as it
    /// was left); a changed seed document is loaded at start as before.</summary>
    [Fact]
    public async Task A_start_with_the_seed_in_force_keeps_the_state_and_a_changed_seed_is_loaded()
    {
        await SetAccountNameAsync("renamed in the database");
        var changedSeed = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        var demo = WorldState.Read(WorldStateStartup.DemoSeedPath);
        var accounts = demo.Accounts!.Select(a => a.Id == Demo.Account ? a with { Name = "named by a changed seed" } : a).ToList();
        await File.WriteAllTextAsync(changedSeed, WorldState.Serialize(demo with { Accounts = accounts }));
        try
        {
            await using (var same = new ApiFactory(Fixture.Database.ConnectionString))
            {
                _ = same.Server;
                Assert.Equal("renamed in the database", await AccountNameAsync());
            }

            await using (var changed = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?> { ["AddressMaps:SeedFile"] = changedSeed }))
            {
                _ = changed.Server;
                Assert.Equal("named by a changed seed", await AccountNameAsync());
            }
        }
        finally
        {
            // The demo seed in force again, for the tests after this one.
            await using (var back = new ApiFactory(Fixture.Database.ConnectionString))
            {
                _ = back.Server;
            }

            File.Delete(changedSeed);
        }

        Assert.Equal(demo.Accounts!.Single(a => a.Id == Demo.Account).Name, await AccountNameAsync());
    }

    private async Task SetAccountNameAsync(string name)
    {
        await using var db = Fixture.NewDbContext();
        await db.Accounts.Where(a => a.Id == Demo.Account).ExecuteUpdateAsync(u => u.SetProperty(a => a.Name, name));
    }

    private async Task<string> AccountNameAsync()
    {
        await using var db = Fixture.NewDbContext();
        return await db.Accounts.Where(a => a.Id == Demo.Account).Select(a => a.Name).SingleAsync();
    }
}
