namespace AddressMaps.Tests.Http;

public sealed class MembershipTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static string Zone(string map, string zone) => $"{CloudflareClient.Map(map)}/zones/{zone}";

    private static string Account(string map, string account, string? owner = null) => $"{CloudflareClient.Map(map, owner)}/accounts/{account}";

    [Covers(Op.CreateMap, Op.AddZone, Op.MapDetails)]
    [Fact]
    public async Task Put_zone_adds_a_deletable_membership_and_moves_modified_at()
    {
        var id = await Api.CreateMapAsync();
        var before = (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("modified_at").GetString();

        (await Api.PutAsync(Zone(id, Demo.ExampleCom))).AssertOk();

        var map = (await Api.GetAsync(CloudflareClient.Map(id))).Result;
        var membership = Assert.Single(map.GetProperty("memberships").EnumerateArray());
        Assert.Equal("zone", membership.GetProperty("kind").GetString());
        Assert.Equal(Demo.ExampleCom, membership.GetProperty("identifier").GetString());
        Assert.True(membership.GetProperty("can_delete").GetBoolean());
        Assert.NotEqual(before, map.GetProperty("modified_at").GetString());
    }

    [Covers(Op.CreateMap, Op.AddZone, Op.MapDetails)]
    [Fact]
    public async Task Put_zone_twice_is_200_and_keeps_the_original_created_at()
    {
        var id = await Api.CreateMapAsync(new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });
        var before = (await Api.GetAsync(CloudflareClient.Map(id))).Result;

        (await Api.PutAsync(Zone(id, Demo.ExampleCom))).AssertOk();

        var after = (await Api.GetAsync(CloudflareClient.Map(id))).Result;
        Assert.Equal(before.GetProperty("memberships").ToString(), after.GetProperty("memberships").ToString());
        Assert.Equal(before.GetProperty("modified_at").GetString(), after.GetProperty("modified_at").GetString());
    }

    [Covers(Op.CreateMap, Op.AddZone)]
    [Fact]
    public async Task A_zone_of_another_account_cannot_be_a_member()
    {
        var id = await Api.CreateMapAsync();

        var put = await Api.PutAsync(Zone(id, Demo.ExampleOrg));
        var create = await Api.PostJsonAsync(CloudflareClient.Maps(), new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleOrg } } });

        put.AssertError(HttpStatusCode.BadRequest, 1009);
        create.AssertError(HttpStatusCode.BadRequest, 1009);
        Assert.Contains(Demo.ExampleOrg, put.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.AddZone, Op.MapDetails)]
    [Fact]
    public async Task A_zone_is_a_member_of_at_most_one_map()
    {
        var first = await Api.CreateMapAsync(new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });
        var second = await Api.CreateMapAsync();

        var response = await Api.PutAsync(Zone(second, Demo.ExampleCom));

        response.AssertError(HttpStatusCode.BadRequest, 1010);
        Assert.Contains(Demo.ExampleCom, response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Map(second))).Result.GetProperty("memberships").EnumerateArray());
        Assert.Single((await Api.GetAsync(CloudflareClient.Map(first))).Result.GetProperty("memberships").EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.RemoveZone, Op.MapDetails)]
    [Fact]
    public async Task Delete_zone_removes_it_and_a_second_delete_is_404()
    {
        var id = await Api.CreateMapAsync(new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });

        (await Api.DeleteAsync(Zone(id, Demo.ExampleCom))).AssertOk();
        var again = await Api.DeleteAsync(Zone(id, Demo.ExampleCom));

        again.AssertError(HttpStatusCode.NotFound, 1000);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("memberships").EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.AddAccount, Op.RemoveAccount, Op.MapDetails)]
    [Fact]
    public async Task The_owning_account_can_be_a_member_once_and_be_removed()
    {
        var id = await Api.CreateMapAsync();

        (await Api.PutAsync(Account(id, Demo.Account))).AssertOk();
        (await Api.PutAsync(Account(id, Demo.Account))).AssertOk();
        var other = await Api.CreateMapAsync();
        var elsewhere = await Api.PutAsync(Account(other, Demo.Account));
        (await Api.DeleteAsync(Account(id, Demo.Account))).AssertOk();

        elsewhere.AssertError(HttpStatusCode.BadRequest, 1012);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("memberships").EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.AddAccount, Op.RemoveAccount)]
    [Fact]
    public async Task An_account_membership_must_name_the_owning_account()
    {
        var id = await Api.CreateMapAsync();

        var response = await Api.PutAsync(Account(id, Demo.OtherAccount));

        response.AssertError(HttpStatusCode.BadRequest, 1011);
        Assert.Contains(Demo.OtherAccount, response.FirstErrorMessage, StringComparison.Ordinal);
        (await Api.DeleteAsync(Account(id, Demo.OtherAccount))).AssertError(HttpStatusCode.NotFound, 1000);
    }

    [Covers(Op.RemoveAccount, Op.MapDetails)]
    [Fact]
    public async Task A_membership_that_cannot_be_deleted_stays()
    {
        var api = Api.As(Credentials.OtherWriteToken);

        var response = await api.DeleteAsync(Account(Demo.OtherImmutableMap, Demo.OtherAccount, Demo.OtherAccount));

        response.AssertError(HttpStatusCode.BadRequest, 1013);
        var map = (await api.GetAsync(CloudflareClient.Map(Demo.OtherImmutableMap, Demo.OtherAccount))).Result;
        var membership = Assert.Single(map.GetProperty("memberships").EnumerateArray());
        Assert.False(membership.GetProperty("can_delete").GetBoolean());
    }

    [Covers(Op.AddZone, Op.RemoveZone, Op.AddIp)]
    [Fact]
    public async Task Memberships_on_an_unknown_map_are_404()
    {
        const string unknown = "00000000000000000000000000000000";

        (await Api.PutAsync(Zone(unknown, Demo.ExampleCom))).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.DeleteAsync(Zone(unknown, Demo.ExampleCom))).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.PutAsync($"{CloudflareClient.Map(unknown)}/ips/203.0.113.1")).AssertError(HttpStatusCode.NotFound, 1000);
    }

    public static readonly TheoryData<string, int, string> MalformedMembershipsOrIps = new()
    {
        { $$"""{"memberships":[{"kind":"dns","identifier":"{{Demo.ExampleCom}}"}]}""", 1017, "dns" },
        { $$"""{"memberships":[{"identifier":"{{Demo.ExampleCom}}"}]}""", 1017, "kind" },
        { """{"memberships":[{"kind":"zone","identifier":"NOT-HEX"}]}""", 1018, "NOT-HEX" },
        { """{"memberships":[{"kind":"zone"}]}""", 1018, "identifier" },
        { """{"memberships":[null]}""", 1016, "memberships" },
        { """{"ips":[null]}""", 1006, "ips" },
    };

    [Covers(Op.CreateMap)]
    [Theory]
    [MemberData(nameof(MalformedMembershipsOrIps))]
    public async Task Create_refuses_a_malformed_membership_or_ip_naming_it(string body, int code, string named)
    {
        var response = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), body, "application/json");

        response.AssertError(HttpStatusCode.BadRequest, code);
        Assert.Contains(named, response.FirstErrorMessage, StringComparison.Ordinal);
    }
}
