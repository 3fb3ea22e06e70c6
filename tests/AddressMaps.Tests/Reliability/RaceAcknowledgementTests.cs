using Npgsql;

namespace AddressMaps.Tests.Reliability;

/// <summary>Issue 7, defects 1 and 2: a 200 means the write is in the database at the moment of
/// the answer, and a race on a member never answers 500. Client X puts zone Z on map A and takes
/// it off again, over and over, while client Y puts Z on map B (or creates maps naming Z).</summary>
public sealed class RaceAcknowledgementTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static readonly TimeSpan RaceTime = TimeSpan.FromSeconds(4);

    /// <summary>Client X: puts the zone on its map and takes it off again, until stopped.</summary>
    private Task TakeAndDropUntilAsync(string zoneOnA, CancellationToken stop) => Task.Run(async () =>
    {
        var client = Fixture.Client();
        while (!stop.IsCancellationRequested)
        {
            await client.PutAsync(zoneOnA);
            await client.DeleteAsync(zoneOnA);
        }
    });

    [Covers(Op.AddZone, Op.RemoveZone)]
    [Fact]
    public async Task A_zone_put_answered_200_leaves_the_zone_on_that_map_while_another_map_takes_and_drops_it()
    {
        var a = await Api.CreateMapAsync();
        var b = await Api.CreateMapAsync();
        var zoneOnA = $"{CloudflareClient.Map(a)}/zones/{Demo.ExampleCom}";
        var zoneOnB = $"{CloudflareClient.Map(b)}/zones/{Demo.ExampleCom}";
        using var stop = new CancellationTokenSource(RaceTime);

        var x = TakeAndDropUntilAsync(zoneOnA, stop.Token);

        var lies = 0;
        var acknowledged = 0;
        var y = Fixture.Client();
        while (!stop.IsCancellationRequested)
        {
            var put = await y.PutAsync(zoneOnB);
            Assert.True(put.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, put.Body);
            if (put.Status != HttpStatusCode.OK)
            {
                put.AssertError(HttpStatusCode.BadRequest, 1010);
                continue;
            }

            acknowledged++;
            await using (var db = Fixture.NewDbContext())
            {
                // Nobody but Y removes Z from B, so Z must be there now.
                if (!await db.AddressMapMemberships.AnyAsync(m => m.AddressMapId == b && m.Kind == MembershipKind.Zone && m.Identifier == Demo.ExampleCom))
                {
                    lies++;
                }
            }

            (await y.DeleteAsync(zoneOnB)).AssertOk();
        }

        await x;
        Assert.True(acknowledged > 0, "the race never let Y win once; it proved nothing");
        Assert.Equal(0, lies);
    }

    [Covers(Op.CreateMap, Op.AddZone, Op.RemoveZone)]
    [Fact]
    public async Task A_create_naming_a_zone_another_map_takes_and_drops_answers_200_or_1010_never_500()
    {
        var a = await Api.CreateMapAsync();
        var zoneOnA = $"{CloudflareClient.Map(a)}/zones/{Demo.ExampleCom}";
        var body = new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } };
        using var stop = new CancellationTokenSource(RaceTime);

        var x = TakeAndDropUntilAsync(zoneOnA, stop.Token);

        var statuses = new Dictionary<HttpStatusCode, int>();
        var y = Fixture.Client();
        while (!stop.IsCancellationRequested)
        {
            var create = await y.PostJsonAsync(CloudflareClient.Maps(), body);
            statuses[create.Status] = statuses.GetValueOrDefault(create.Status) + 1;
            if (create.Status == HttpStatusCode.OK)
            {
                var id = create.Result.GetProperty("id").GetString()!;
                (await y.DeleteAsync($"{CloudflareClient.Map(id)}/zones/{Demo.ExampleCom}")).AssertOk();
                (await y.DeleteAsync(CloudflareClient.Map(id))).AssertOk();
            }
            else
            {
                Assert.True(create.Status == HttpStatusCode.BadRequest && create.ErrorCodes[0] == 1010,
                    $"expected 200 or 400 1010, got {(int)create.Status}: {create.Body}");
            }
        }

        await x;
        Assert.True(statuses.Values.Sum() > 0);
    }

    /// <summary>Two creates naming the same members in different orders went in in their own
    /// orders: each could hold a member the other waited for, a deadlock PostgreSQL broke with a
    /// 500. Here a third transaction holds the member in the middle until both creates wait for
    /// it, then lets go: each would hold one end when they wake.</summary>
    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Creates_naming_the_same_members_in_other_orders_answer_200_and_1010_never_500()
    {
        var holderMap = await Api.CreateMapAsync();
        await using var holder = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        await using (var held = await holder.BeginTransactionAsync())
        {
            await holder.ExecuteAsync($"INSERT INTO address_map_memberships (address_map_id, kind, identifier, can_delete, created_at) VALUES ('{holderMap}', 'zone', '{Demo.ExampleCom}', true, now())");
            string[] zones = [Demo.ShopExample, Demo.ExampleCom, Demo.BlogExample];
            var creates = new[] { zones, zones.Reverse().ToArray() }.Select(order =>
                Fixture.Client().PostJsonAsync(CloudflareClient.Maps(), new { memberships = order.Select(z => new { kind = "zone", identifier = z }) })).ToList();
            await WaitForMembershipInsertsWaitingAsync(2);
            await held.RollbackAsync();

            var answers = await Task.WhenAll(creates);
            var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
            Assert.Single(answers, a => a.Status == HttpStatusCode.BadRequest && a.ErrorCodes[0] == 1010);
            var id = won.Result.GetProperty("id").GetString()!;
            foreach (var zone in zones)
            {
                (await Api.DeleteAsync($"{CloudflareClient.Map(id)}/zones/{zone}")).AssertOk();
            }

            (await Api.DeleteAsync(CloudflareClient.Map(id))).AssertOk();
        }
    }

    /// <summary>On a connection of its own: in a transaction, pg_stat_activity is read once.</summary>
    private async Task WaitForMembershipInsertsWaitingAsync(int count)
    {
        await using var connection = await RawSql.OpenAsync(Fixture.Database.ConnectionString);
        var until = DateTime.UtcNow.AddSeconds(10);
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO address_map_memberships%'", connection);
        while ((long)(await waiting.ExecuteScalarAsync())! < count)
        {
            Assert.True(DateTime.UtcNow < until, $"the {count} creates never waited for the held member");
            await Task.Delay(20);
        }
    }
}
