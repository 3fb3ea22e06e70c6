namespace AddressMaps.Tests.Http;

/// <summary>Uniqueness lives in PostgreSQL: concurrent requests leave exactly one winner and the
/// losers get the rule's 4xx, never a 500.</summary>
public sealed class ConcurrencyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const int Rounds = 5;
    private const int Racers = 8;

    [Covers(Op.CreateMap, Op.AddZone)]
    [Fact]
    public async Task Concurrent_puts_of_one_zone_on_different_maps_leave_exactly_one_membership()
    {
        for (var round = 0; round < Rounds; round++)
        {
            await Fixture.ResetAsync();
            var maps = new List<string>();
            for (var i = 0; i < Racers; i++)
            {
                maps.Add(await Api.CreateMapAsync());
            }

            var responses = await Task.WhenAll(maps.Select(id => Fixture.Client().PutAsync($"{CloudflareClient.Map(id)}/zones/{Demo.ExampleCom}")));

            Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
            Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, 1010));
            await using var db = Fixture.NewDbContext();
            Assert.Equal(1, await db.AddressMapMemberships.CountAsync(m => m.Kind == MembershipKind.Zone && m.Identifier == Demo.ExampleCom));
        }
    }

    [Covers(Op.CreateMap, Op.ListMaps)]
    [Fact]
    public async Task Concurrent_creates_naming_one_zone_leave_exactly_one_map_holding_it()
    {
        var body = new { memberships = new[] { new { kind = "zone", identifier = Demo.ShopExample } } };

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Fixture.Client().PostJsonAsync(CloudflareClient.Maps(), body)));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, 1010));
        Assert.Single((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.MapDetails)]
    [Fact]
    public async Task Concurrent_puts_of_one_ip_on_one_map_store_it_once_and_all_succeed()
    {
        var id = await Api.CreateMapAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, Racers).Select(_ => Fixture.Client().PutAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.77")));

        Assert.All(responses, r => r.AssertOk());
        Assert.Single((await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("ips").EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.DeleteMap, Op.MapDetails)]
    [Fact]
    public async Task A_delete_racing_an_enable_never_deletes_an_enabled_map()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var id = await Api.CreateMapAsync();

            var enableTask = Fixture.Client().PatchJsonAsync(CloudflareClient.Map(id), new { enabled = true });
            var deleteTask = Fixture.Client().DeleteAsync(CloudflareClient.Map(id));
            var enable = await enableTask;
            var delete = await deleteTask;

            var after = await Api.GetAsync(CloudflareClient.Map(id));
            if (delete.Status == HttpStatusCode.OK)
            {
                // Deleted first: the enable then found nothing.
                after.AssertError(HttpStatusCode.NotFound, 1000);
                Assert.NotEqual(HttpStatusCode.InternalServerError, enable.Status);
            }
            else
            {
                delete.AssertError(HttpStatusCode.BadRequest, 1003);
                Assert.True(after.AssertOk().Result.GetProperty("enabled").GetBoolean());
            }
        }
    }

    [Covers(Op.CreateMap, Op.AddZone, Op.AddAccount)]
    [Fact]
    public async Task Two_api_instances_on_one_database_still_leave_exactly_one_membership()
    {
        // A second host: as a second replica behind a load balancer, sharing only PostgreSQL.
        await using var replica = new ApiFactory(Fixture.Database.ConnectionString);
        var hosts = new[] { Fixture.Client(), new CloudflareClient(replica.CreateClient(), Credentials.DemoKey) };
        var maps = new List<string>();
        for (var i = 0; i < Racers; i++)
        {
            maps.Add(await Api.CreateMapAsync());
        }

        var zoneRace = Task.WhenAll(maps.Select((id, i) => hosts[i % 2].PutAsync($"{CloudflareClient.Map(id)}/zones/{Demo.BlogExample}")));
        var accountRace = Task.WhenAll(maps.Select((id, i) => hosts[(i + 1) % 2].PutAsync($"{CloudflareClient.Map(id)}/accounts/{Demo.Account}")));
        var zoneAnswers = await zoneRace;
        var accountAnswers = await accountRace;

        Assert.Single(zoneAnswers, r => r.Status == HttpStatusCode.OK);
        Assert.All(zoneAnswers.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, 1010));
        Assert.Single(accountAnswers, r => r.Status == HttpStatusCode.OK);
        Assert.All(accountAnswers.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest, 1012));
        await using var db = Fixture.NewDbContext();
        Assert.Equal(1, await db.AddressMapMemberships.CountAsync(m => m.Kind == MembershipKind.Zone && m.Identifier == Demo.BlogExample));
        Assert.Equal(1, await db.AddressMapMemberships.CountAsync(m => m.Kind == MembershipKind.Account && m.Identifier == Demo.Account));
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.MapDetails)]
    [Fact]
    public async Task Concurrent_edits_of_different_fields_do_not_undo_each_other()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var id = await Api.CreateMapAsync(new { description = "before", enabled = false });

            var describe = Fixture.Client().PatchJsonAsync(CloudflareClient.Map(id), new { description = $"after {round}" });
            var enable = Fixture.Client().PatchJsonAsync(CloudflareClient.Map(id), new { enabled = true });
            var sni = Fixture.Client().PatchJsonAsync(CloudflareClient.Map(id), new { default_sni = "blog.example" });
            (await describe).AssertOk();
            (await enable).AssertOk();
            (await sni).AssertOk();

            var map = (await Api.GetAsync(CloudflareClient.Map(id))).AssertOk().Result;
            Assert.Equal($"after {round}", map.GetProperty("description").GetString());
            Assert.True(map.GetProperty("enabled").GetBoolean());
            Assert.Equal("blog.example", map.GetProperty("default_sni").GetString());
        }
    }
}
