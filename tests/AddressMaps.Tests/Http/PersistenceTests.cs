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
}
