namespace AddressMaps.Tests.Http;

public sealed class IpTests(ApiFixture fixture) : ApiTest(fixture)
{
    private static string Ip(string map, string ip, string? account = null) => $"{CloudflareClient.Map(map, account)}/ips/{ip}";

    [Covers(Op.CreateMap, Op.AddIp, Op.MapDetails)]
    [Fact]
    public async Task Put_ip_adds_it_and_moves_modified_at()
    {
        var id = await Api.CreateMapAsync();
        var before = (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("modified_at").GetString();

        var response = (await Api.PutAsync(Ip(id, "203.0.113.5"))).AssertOk();

        Assert.NotNull(response.Header("Cf-Auditlog-Id"));
        var map = (await Api.GetAsync(CloudflareClient.Map(id))).Result;
        Assert.Equal("203.0.113.5", map.GetProperty("ips")[0].GetProperty("ip").GetString());
        Assert.NotEqual(before, map.GetProperty("modified_at").GetString());
        Assert.Equal(map.GetProperty("modified_at").GetString(), map.GetProperty("ips")[0].GetProperty("created_at").GetString());
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.MapDetails)]
    [Fact]
    public async Task Put_of_an_ip_already_there_is_200_and_keeps_created_at_and_modified_at()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "2001:db8::1" } });
        var before = (await Api.GetAsync(CloudflareClient.Map(id))).Result;

        // The same address in another spelling is the same IP.
        (await Api.PutAsync(Ip(id, "2001:DB8:0:0::1"))).AssertOk();
        (await Api.PutAsync(Ip(id, "2001:db8::1"))).AssertOk();

        var after = (await Api.GetAsync(CloudflareClient.Map(id))).Result;
        Assert.Single(after.GetProperty("ips").EnumerateArray());
        Assert.Equal(before.GetProperty("ips")[0].GetProperty("created_at").GetString(), after.GetProperty("ips")[0].GetProperty("created_at").GetString());
        Assert.Equal(before.GetProperty("modified_at").GetString(), after.GetProperty("modified_at").GetString());
    }

    [Covers(Op.CreateMap, Op.RemoveIp, Op.MapDetails)]
    [Fact]
    public async Task Delete_ip_removes_it_in_any_spelling()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "2001:db8::1", "203.0.113.1" } });

        (await Api.DeleteAsync(Ip(id, "2001:0DB8::0:1"))).AssertOk();

        var map = (await Api.GetAsync(CloudflareClient.Map(id))).Result;
        Assert.Equal(["203.0.113.1"], map.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()));
    }

    [Covers(Op.CreateMap, Op.RemoveIp)]
    [Fact]
    public async Task Delete_of_an_ip_not_on_the_map_is_404_code_1000()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.1" } });

        var response = await Api.DeleteAsync(Ip(id, "203.0.113.2"));

        response.AssertError(HttpStatusCode.NotFound, 1000);
        Assert.Contains("203.0.113.2", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.AddIp)]
    [Theory]
    [InlineData("203.0.113.0/24")]
    [InlineData("example.com")]
    [InlineData("garbage")]
    [InlineData("203.0.113")]
    [InlineData("203.0.113.256")]
    [InlineData("203.0.113.01")]
    [InlineData("fe80::1%25eth0")]
    public async Task Put_of_something_that_is_not_an_ip_literal_is_400_naming_it(string raw)
    {
        var id = await Api.CreateMapAsync();

        var response = await Api.PutAsync(Ip(id, raw));

        response.AssertError(HttpStatusCode.BadRequest, 1006);
        Assert.Contains(Uri.UnescapeDataString(raw), response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.MapDetails)]
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.0.2.1")] // Other BYOIP's prefix
    [InlineData("2001:db9::1")]
    [InlineData("::ffff:203.0.113.9")] // IPv6, though it maps an IPv4 address of an approved prefix
    public async Task Put_of_an_ip_outside_the_accounts_approved_prefixes_is_refused(string ip)
    {
        var id = await Api.CreateMapAsync();

        var response = await Api.PutAsync(Ip(id, ip));

        response.AssertError(HttpStatusCode.BadRequest, 1007);
        Assert.Contains(ip, response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("ips").EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.ListMaps)]
    [Fact]
    public async Task Create_with_an_ip_outside_the_prefixes_creates_nothing()
    {
        var response = await Api.PostJsonAsync(CloudflareClient.Maps(), new { ips = new[] { "203.0.113.1", "10.1.1.1" } });

        response.AssertError(HttpStatusCode.BadRequest, 1007);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray());
    }

    [Covers(Op.CreateMap, Op.AddIp)]
    [Fact]
    public async Task A_static_ip_cannot_be_placed_on_a_map_of_the_account()
    {
        var api = Api.As(Credentials.StaticWriteToken);
        var id = (await api.PostJsonAsync(CloudflareClient.Maps(Demo.StaticAccount), new { })).AssertOk().Result.GetProperty("id").GetString()!;

        var put = await api.PutAsync(Ip(id, "198.18.10.1", Demo.StaticAccount));
        var create = await api.PostJsonAsync(CloudflareClient.Maps(Demo.StaticAccount), new { ips = new[] { "198.18.10.2" } });

        put.AssertError(HttpStatusCode.BadRequest, 1008);
        create.AssertError(HttpStatusCode.BadRequest, 1008);
        Assert.Contains("198.18.10.1", put.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.AddIp, Op.RemoveIp, Op.UpdateMap, Op.AddZone, Op.MapDetails)]
    [Fact]
    public async Task The_ips_of_a_cloudflare_managed_map_cannot_be_modified_but_its_other_fields_can()
    {
        var api = Api.As(Credentials.StaticWriteToken);
        var path = CloudflareClient.Map(Demo.StaticManagedMap, Demo.StaticAccount);

        (await api.DeleteAsync($"{path}/ips/198.18.10.1")).AssertError(HttpStatusCode.BadRequest, 1005);
        (await api.PutAsync($"{path}/ips/198.18.10.1")).AssertError(HttpStatusCode.BadRequest, 1005);
        var edited = (await api.PatchJsonAsync(path, new { description = "mine now", default_sni = "static.example" })).AssertOk().Result;
        (await api.PutAsync($"{path}/zones/{Demo.StaticExample}")).AssertOk();

        Assert.Equal("mine now", edited.GetProperty("description").GetString());
        Assert.False(edited.GetProperty("can_delete").GetBoolean());
        Assert.False(edited.GetProperty("can_modify_ips").GetBoolean());
        var map = (await api.GetAsync(path)).Result;
        Assert.Equal(["198.18.10.1", "198.18.10.2"], map.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()));
    }

    [Covers(Op.CreateMap, Op.AddIp, Op.ListMaps)]
    [Fact]
    public async Task The_same_ip_may_sit_on_several_maps()
    {
        var a = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.50" } });
        var b = await Api.CreateMapAsync();

        (await Api.PutAsync(Ip(b, "203.0.113.50"))).AssertOk();

        var holders = (await Api.GetAsync(CloudflareClient.Maps() + "?ip=203.0.113.50")).Result.EnumerateArray().Select(m => m.GetProperty("id").GetString());
        Assert.Equal([b, a], holders); // newest first
    }

    public static TheoryData<string?, string?> Bodies => new()
    {
        { null, null },
        { "", null },
        { "", "application/json" },
        { "{}", "application/json" },
        { "{}", null },
        { """{"ip":null}""", "application/json" },
        { "[1,2,3]", "application/json" },
        { "not json at all", "text/plain" },
    };

    [Covers(Op.CreateMap, Op.AddIp, Op.RemoveIp, Op.AddZone, Op.RemoveZone, Op.DeleteMap)]
    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Sub_resource_put_and_delete_accept_any_body_or_none(string? body, string? contentType)
    {
        var id = await Api.CreateMapAsync();

        (await Api.SendAsync(HttpMethod.Put, Ip(id, "203.0.113.7"), body, contentType)).AssertOk();
        (await Api.SendAsync(HttpMethod.Put, $"{CloudflareClient.Map(id)}/zones/{Demo.ExampleNet}", body, contentType)).AssertOk();
        (await Api.SendAsync(HttpMethod.Delete, $"{CloudflareClient.Map(id)}/zones/{Demo.ExampleNet}", body, contentType)).AssertOk();
        (await Api.SendAsync(HttpMethod.Delete, Ip(id, "203.0.113.7"), body, contentType)).AssertOk();
        (await Api.SendAsync(HttpMethod.Delete, CloudflareClient.Map(id), body, contentType)).AssertOk();
    }
}
