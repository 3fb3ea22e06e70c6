using AddressMaps.Tests.ControlPlane;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.Observe;

/// <summary>EMULATOR.md §4: every request under /client/v4 is in the journal once answered,
/// bounded, and never holds a secret.</summary>
public sealed class JournalTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<List<JsonElement>> JournalAsync(HttpClient http, string query = "") =>
        (await SendAsync(http, HttpMethod.Get, "/_emulator/requests" + query)).AssertOk().Result.EnumerateArray().ToList();

    [Covers("emulator-list-requests", Op.CreateMap)]
    [Fact]
    public async Task A_call_is_in_the_journal_as_soon_as_it_is_answered_with_what_was_sent_and_no_secret()
    {
        var created = await Api.As(Credentials.WriteToken).PostJsonAsync(CloudflareClient.Maps(), new { description = "journaled" });
        await Api.As(Credentials.GlobalKey(Demo.Email, "0123456789abcdef0123456789abcdef01234")).GetAsync(CloudflareClient.Maps());

        var entries = await JournalAsync(Api.Http, "?limit=2");

        var refused = entries[0];
        var create = entries[1];
        Assert.Equal(created.Header("cf-ray"), create.GetProperty("id").GetString());
        Assert.Equal("POST", create.GetProperty("method").GetString());
        Assert.Equal("ip-address-management-address-maps-create-address-map", create.GetProperty("operation").GetString());
        Assert.Equal(Demo.Account, create.GetProperty("account_id").GetString());
        Assert.Equal("token", create.GetProperty("identity").GetProperty("kind").GetString());
        Assert.Equal(200, create.GetProperty("status").GetInt32());
        Assert.Contains("journaled", create.GetProperty("request_body").GetString(), StringComparison.Ordinal);
        Assert.Contains(created.Result.GetProperty("id").GetString()!, create.GetProperty("response_body").GetString(), StringComparison.Ordinal);
        Assert.Equal(403, refused.GetProperty("status").GetInt32());
        Assert.Equal([9103], refused.GetProperty("error_codes").EnumerateArray().Select(c => c.GetInt32()));
        await using var db = Fixture.NewDbContext();
        var everything = string.Join("\n", (await db.Journal.ToListAsync()).Select(j => JsonSerializer.Serialize(j)));
        foreach (var secret in new[] { Demo.WriteToken, Demo.GlobalKey, "0123456789abcdef0123456789abcdef01234" })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Covers("emulator-list-requests", "emulator-verify-requests", Op.MapDetails, Op.RemoveIp)]
    [Fact]
    public async Task A_refused_call_keeps_its_operation_and_account_so_that_verify_finds_it()
    {
        var missing = new string('d', 32);
        var id = await Api.CreateMapAsync();
        (await Api.GetAsync(CloudflareClient.Map(missing))).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.DeleteAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.9")).AssertError(HttpStatusCode.NotFound, 1000);

        var entries = await JournalAsync(Api.Http, "?limit=2&status=404");

        Assert.Equal(
            ["ip-address-management-address-maps-remove-an-ip-from-an-address-map", "ip-address-management-address-maps-address-map-details"],
            entries.Select(e => e.GetProperty("operation").GetString()));
        Assert.All(entries, e => Assert.Equal(Demo.Account, e.GetProperty("account_id").GetString()));
        var verify = new { method = "GET", path = "/client/v4/accounts/*/addressing/address_maps/*", account_id = Demo.Account, status = 404, count = 1 };
        var found = (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/requests/verify", JsonSerializer.Serialize(verify))).AssertOk().Result;
        Assert.True(found.GetProperty("ok").GetBoolean(), found.ToString());
    }

    [Covers("emulator-list-requests", "emulator-verify-requests", "emulator-clear-requests", Op.AddIp)]
    [Fact]
    public async Task Filters_and_verify_count_matching_requests_and_clear_forgets_them()
    {
        var id = await Api.CreateMapAsync();
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.1")).AssertOk();
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.2")).AssertOk();
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/not-an-ip")).AssertError(HttpStatusCode.BadRequest, 1006);
        const string path = "/client/v4/accounts/*/addressing/address_maps/*/ips/*";

        Assert.Equal(3, (await JournalAsync(Api.Http, $"?method=PUT&path={path}")).Count);
        Assert.Single(await JournalAsync(Api.Http, $"?path={path}&status=400"));
        var exactly = (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/requests/verify", JsonSerializer.Serialize(new { method = "PUT", path, status = 200, count = 2 }))).AssertOk().Result;
        var tooMany = (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/requests/verify", JsonSerializer.Serialize(new { method = "PUT", path, at_most = 1 }))).AssertOk().Result;
        Assert.Equal((2, true), (exactly.GetProperty("matched").GetInt32(), exactly.GetProperty("ok").GetBoolean()));
        Assert.Equal((3, false), (tooMany.GetProperty("matched").GetInt32(), tooMany.GetProperty("ok").GetBoolean()));
        (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/requests?limit=0")).AssertError(HttpStatusCode.BadRequest, 2004);

        (await SendAsync(Api.Http, HttpMethod.Delete, $"/_emulator/requests?account_id={Demo.Account}")).AssertOk();

        Assert.Empty(await JournalAsync(Api.Http, $"?account_id={Demo.Account}"));
    }

    [Covers("emulator-list-requests", Op.CreateMap)]
    [Fact]
    public async Task The_journal_keeps_the_newest_entries_up_to_its_bound_and_cuts_bodies_at_4_KiB()
    {
        await using var host = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?> { ["AddressMaps:Journal:MaxEntries"] = "5" });
        var client = new CloudflareClient(host.CreateClient(), Credentials.DemoKey);
        for (var i = 0; i < 8; i++)
        {
            await client.GetAsync(CloudflareClient.Maps());
        }

        (await client.PostJsonAsync(CloudflareClient.Maps(), new { description = new string('x', 10_000) })).AssertOk();

        var entries = await JournalAsync(host.CreateClient());
        Assert.Equal(5, entries.Count);
        Assert.Equal(4096, entries[0].GetProperty("request_body").GetString()!.Length);
        Assert.True(entries[0].GetProperty("request_truncated").GetBoolean());
        Assert.True(entries[0].GetProperty("response_truncated").GetBoolean());
    }

    [Fact]
    public async Task With_the_journal_off_nothing_is_recorded()
    {
        await using var host = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?> { ["AddressMaps:Journal:Enabled"] = "false" });
        var client = new CloudflareClient(host.CreateClient(), Credentials.DemoKey);
        (await SendAsync(host.CreateClient(), HttpMethod.Delete, "/_emulator/requests")).AssertOk();

        (await client.GetAsync(CloudflareClient.Maps())).AssertOk();

        Assert.Empty(await JournalAsync(host.CreateClient()));
    }
}
