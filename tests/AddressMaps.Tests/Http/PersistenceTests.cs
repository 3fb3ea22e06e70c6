using AddressMaps.Api.Seed;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Issue 13: a start whose seed file is, byte for byte, the one in force does not read
    /// the document at all; the same document in other bytes is read and compared as before (and
    /// its file recorded); a seed loaded through the control plane is no file's.</summary>
    [Fact]
    public async Task A_start_reads_its_seed_document_only_when_the_file_is_not_the_one_in_force()
    {
        var demo = WorldState.Read(WorldStateStartup.DemoSeedPath);
        var reformatted = Path.Combine(Path.GetTempPath(), $"seed-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(reformatted, WorldState.Serialize(demo) + "\n");
        Assert.NotEqual(await File.ReadAllBytesAsync(WorldStateStartup.DemoSeedPath), await File.ReadAllBytesAsync(reformatted));
        try
        {
            await StartWithAsync(WorldStateStartup.DemoSeedPath); // whatever this class's tests left in force
            Assert.Equal((false, false), await StartWithAsync(WorldStateStartup.DemoSeedPath));
            Assert.Equal((false, true), await StartWithAsync(reformatted));
            Assert.Equal((false, false), await StartWithAsync(reformatted));

            await using (var scope = Fixture.Factory.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<WorldState>().LoadAsync(demo, CancellationToken.None);
            }

            Assert.Equal((false, true), await StartWithAsync(reformatted));
        }
        finally
        {
            await StartWithAsync(WorldStateStartup.DemoSeedPath);
            File.Delete(reformatted);
        }
    }

    /// <summary>Start-up's load of the file: whether it loaded, and whether it read the document.</summary>
    private async Task<(bool Loaded, bool Read)> StartWithAsync(string path)
    {
        var file = SeedFile.Read(path);
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var loaded = await scope.ServiceProvider.GetRequiredService<WorldState>().LoadUnlessInForceAsync(file, CancellationToken.None);
        return (loaded, file.DocumentAsked);
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
