namespace AddressMaps.Tests.Http;

public sealed class AddressMapLifecycleTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Create_with_every_field_answers_200_with_the_full_object()
    {
        var response = await Api.PostJsonAsync(CloudflareClient.Maps(), new
        {
            description = "My Ecommerce zones",
            enabled = true,
            ips = new[] { "203.0.113.1", "2001:DB8:0:0::1" },
            memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom }, new { kind = "account", identifier = Demo.Account } },
            default_sni = "*.example.com",
        });

        response.AssertOk();
        var map = response.Result;
        Assert.Matches("^[0-9a-f]{32}$", map.GetProperty("id").GetString());
        Assert.Equal("My Ecommerce zones", map.GetProperty("description").GetString());
        Assert.Equal("*.example.com", map.GetProperty("default_sni").GetString());
        Assert.True(map.GetProperty("enabled").GetBoolean());
        Assert.True(map.GetProperty("can_delete").GetBoolean());
        Assert.True(map.GetProperty("can_modify_ips").GetBoolean());
        Assert.Equal(["203.0.113.1", "2001:db8::1"], map.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()));
        Assert.Equal(
            [("zone", Demo.ExampleCom, true), ("account", Demo.Account, true)],
            map.GetProperty("memberships").EnumerateArray().Select(m => (m.GetProperty("kind").GetString(), m.GetProperty("identifier").GetString(), m.GetProperty("can_delete").GetBoolean())));
        Assert.Equal(map.GetProperty("created_at").GetString(), map.GetProperty("modified_at").GetString());
        var details = (await Api.GetAsync(CloudflareClient.Map(map.GetProperty("id").GetString()!))).AssertOk().Result;
        Assert.Equal(map.GetRawText(), details.GetRawText()); // the memberships too, in the body's order
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Create_treats_explicit_nulls_as_absent()
    {
        var response = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(),
            """{"description":null,"enabled":null,"ips":null,"memberships":null,"default_sni":null}""", "application/json");

        response.AssertOk();
        Assert.Equal(JsonValueKind.Null, response.Result.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Result.GetProperty("default_sni").ValueKind);
        Assert.False(response.Result.GetProperty("enabled").GetBoolean());
        Assert.Empty(response.Result.GetProperty("ips").EnumerateArray());
        Assert.Empty(response.Result.GetProperty("memberships").EnumerateArray());
    }

    [Covers(Op.CreateMap)]
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("{}", "application/json")]
    [InlineData("{}", null)]
    public async Task Create_accepts_an_absent_or_empty_body_as_a_disabled_empty_map(string? body, string? contentType)
    {
        var response = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), body, contentType);

        response.AssertOk();
        Assert.False(response.Result.GetProperty("enabled").GetBoolean());
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Create_stores_an_empty_description_as_given()
    {
        var response = await Api.PostJsonAsync(CloudflareClient.Maps(), new { description = "" });

        Assert.Equal("", response.AssertOk().Result.GetProperty("description").GetString());
    }

    [Covers(Op.CreateMap, Op.ListMaps)]
    [Fact]
    public async Task List_returns_summaries_newest_first_without_ips_or_memberships()
    {
        var first = await Api.CreateMapAsync(new { description = "first", ips = new[] { "203.0.113.9" } });
        var second = await Api.CreateMapAsync(new { description = "second" });

        var response = (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();

        var items = response.Result.EnumerateArray().ToList();
        Assert.Equal([second, first], items.Select(i => i.GetProperty("id").GetString()));
        Assert.All(items, i => Assert.Equal(
            ["can_delete", "can_modify_ips", "created_at", "default_sni", "description", "enabled", "id", "modified_at"],
            i.EnumerateObject().Select(p => p.Name)));
        Assert.False(response.Json.TryGetProperty("result_info", out _));
    }

    [Covers(Op.CreateMap, Op.ListMaps)]
    [Fact]
    public async Task List_filters_by_ip_and_by_cidr()
    {
        var a = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.10" } });
        var b = await Api.CreateMapAsync(new { ips = new[] { "198.51.100.7", "2001:db8::5" } });

        async Task<List<string?>> Ids(string query) =>
            (await Api.GetAsync(CloudflareClient.Maps() + query)).AssertOk().Result.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();

        Assert.Equal([a], await Ids("?ip=203.0.113.10"));
        Assert.Equal([b], await Ids("?ip=2001:DB8:0::5"));
        Assert.Empty(await Ids("?ip=203.0.113.11"));
        Assert.Equal([b], await Ids("?cidr=198.51.100.0/24"));
        Assert.Equal([b, a], await Ids("?cidr=0.0.0.0/0").ContinueWith(t => t.Result.Where(id => id == a || id == b).ToList()));
        Assert.Equal([b], await Ids("?cidr=2001:db8::/32"));
    }

    [Covers(Op.ListMaps)]
    [Theory]
    [InlineData("?ip=not-an-ip", 1006)]
    [InlineData("?ip=203.0.113.0/24", 1006)]
    [InlineData("?cidr=203.0.113.1", 1018)]
    [InlineData("?cidr=203.0.113.0/33", 1018)]
    [InlineData("?cidr=203.0.113.1/24", 1018)]
    [InlineData("?cidr=2001:db8::1/32", 1018)]
    public async Task List_refuses_a_malformed_filter_naming_it(string query, int code)
    {
        var response = await Api.GetAsync(CloudflareClient.Maps() + query);

        response.AssertError(HttpStatusCode.BadRequest, code);
        Assert.Contains(Uri.UnescapeDataString(query.Split('=')[1]), response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.AddZone, Op.AddAccount, Op.MapDetails)]
    [Fact]
    public async Task Details_returns_the_full_object_with_memberships_in_creation_order()
    {
        var id = await Api.CreateMapAsync(new { memberships = new[] { new { kind = "zone", identifier = Demo.ShopExample } } });
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/zones/{Demo.ExampleNet}")).AssertOk();
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/accounts/{Demo.Account}")).AssertOk();
        (await Api.PutAsync($"{CloudflareClient.Map(id)}/zones/{Demo.BlogExample}")).AssertOk();

        var map = (await Api.GetAsync(CloudflareClient.Map(id))).AssertOk().Result;

        Assert.Equal([Demo.ShopExample, Demo.ExampleNet, Demo.Account, Demo.BlogExample],
            map.GetProperty("memberships").EnumerateArray().Select(m => m.GetProperty("identifier").GetString()));
        Assert.Equal(
            ["can_delete", "can_modify_ips", "created_at", "default_sni", "description", "enabled", "id", "ips", "memberships", "modified_at"],
            map.EnumerateObject().Select(p => p.Name));
    }

    [Covers(Op.MapDetails)]
    [Fact]
    public async Task Details_of_an_unknown_map_is_404_code_1000()
    {
        var response = await Api.GetAsync(CloudflareClient.Map("0123456789abcdef0123456789abcdef"));

        response.AssertError(HttpStatusCode.NotFound, 1000);
        Assert.Contains("0123456789abcdef0123456789abcdef", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.MapDetails, Op.UpdateMap)]
    [Fact]
    public async Task Edit_changes_only_the_keys_sent_and_answers_the_summary()
    {
        var id = await Api.CreateMapAsync(new { description = "before", default_sni = "example.com", ips = new[] { "203.0.113.1" } });
        var created = (await Api.GetAsync(CloudflareClient.Map(id))).Result;

        var response = (await Api.PatchJsonAsync(CloudflareClient.Map(id), new { enabled = true })).AssertOk();

        Assert.False(response.Result.TryGetProperty("ips", out _));
        Assert.False(response.Result.TryGetProperty("memberships", out _));
        Assert.Equal("before", response.Result.GetProperty("description").GetString());
        Assert.Equal("example.com", response.Result.GetProperty("default_sni").GetString());
        Assert.True(response.Result.GetProperty("enabled").GetBoolean());
        Assert.Equal(created.GetProperty("created_at").GetString(), response.Result.GetProperty("created_at").GetString());
        Assert.True(Timestamp(response.Result, "modified_at") > Timestamp(created, "modified_at"));
    }

    [Covers(Op.CreateMap, Op.UpdateMap)]
    [Fact]
    public async Task Edit_with_null_clears_description_and_default_sni_but_null_enabled_leaves_it()
    {
        var id = await Api.CreateMapAsync(new { description = "d", default_sni = "shop.example", enabled = true });

        var response = await Api.SendAsync(HttpMethod.Patch, CloudflareClient.Map(id),
            """{"description":null,"default_sni":null,"enabled":null}""", "application/json");

        response.AssertOk();
        Assert.Equal(JsonValueKind.Null, response.Result.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, response.Result.GetProperty("default_sni").ValueKind);
        Assert.True(response.Result.GetProperty("enabled").GetBoolean());
    }

    [Covers(Op.CreateMap, Op.MapDetails, Op.UpdateMap)]
    [Fact]
    public async Task Edit_that_changes_nothing_keeps_modified_at()
    {
        var id = await Api.CreateMapAsync(new { description = "same" });
        var before = (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("modified_at").GetString();

        var after = (await Api.PatchJsonAsync(CloudflareClient.Map(id), new { description = "same" })).AssertOk().Result.GetProperty("modified_at").GetString();

        Assert.Equal(before, after);
    }

    [Covers(Op.CreateMap, Op.DeleteMap, Op.MapDetails)]
    [Fact]
    public async Task Delete_of_an_enabled_map_is_refused_and_changes_nothing()
    {
        var id = await Api.CreateMapAsync(new { enabled = true });

        var response = await Api.DeleteAsync(CloudflareClient.Map(id));

        response.AssertError(HttpStatusCode.BadRequest, 1003);
        Assert.Contains(id, response.FirstErrorMessage, StringComparison.Ordinal);
        (await Api.GetAsync(CloudflareClient.Map(id))).AssertOk();
    }

    [Covers(Op.CreateMap, Op.DeleteMap, Op.MapDetails)]
    [Fact]
    public async Task Delete_of_a_disabled_map_removes_it_with_its_ips_and_memberships()
    {
        var id = await Api.CreateMapAsync(new { ips = new[] { "203.0.113.1" }, memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });

        var response = (await Api.DeleteAsync(CloudflareClient.Map(id))).AssertOk();

        Assert.Equal(JsonValueKind.Null, response.Result.ValueKind);
        (await Api.GetAsync(CloudflareClient.Map(id))).AssertError(HttpStatusCode.NotFound, 1000);
        (await Api.DeleteAsync(CloudflareClient.Map(id))).AssertError(HttpStatusCode.NotFound, 1000);
        // The zone is free again.
        await Api.CreateMapAsync(new { memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });
    }

    [Covers(Op.UpdateMap, Op.DeleteMap, Op.MapDetails)]
    [Fact]
    public async Task Cloudflare_managed_maps_cannot_be_deleted_even_when_disabled()
    {
        var api = Api.As(Credentials.OtherWriteToken);
        (await api.PatchJsonAsync(CloudflareClient.Map(Demo.OtherImmutableMap, Demo.OtherAccount), new { enabled = false })).AssertOk();

        var response = await api.DeleteAsync(CloudflareClient.Map(Demo.OtherImmutableMap, Demo.OtherAccount));

        response.AssertError(HttpStatusCode.BadRequest, 1004);
        (await api.GetAsync(CloudflareClient.Map(Demo.OtherImmutableMap, Demo.OtherAccount))).AssertOk();
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task The_setup_page_map_with_two_ips_and_a_zone_is_created_as_documented()
    {
        // Body of the first curl command of Cloudflare's "Set up address maps" page.
        var response = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), $$"""
            {
              "description": "My Ecommerce zones",
              "enabled": true,
              "ips": ["203.0.113.1", "203.0.113.2"],
              "memberships": [{"kind": "zone", "identifier": "{{Demo.ExampleCom}}"}]
            }
            """, "application/json");

        var map = response.AssertOk().Result;
        Assert.Equal(["203.0.113.1", "203.0.113.2"], map.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("ip").GetString()));
        Assert.Equal(Demo.ExampleCom, map.GetProperty("memberships")[0].GetProperty("identifier").GetString());
        Assert.True(map.GetProperty("enabled").GetBoolean());
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task The_setup_page_spectrum_default_sni_map_is_created_as_documented()
    {
        // Body of the second curl command: default SNI, one IP, no memberships.
        var response = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), """
            {
              "description": "Spectrum default SNI",
              "default_sni": "shop.example",
              "ips": ["192.0.0.1"],
              "memberships": []
            }
            """, "application/json");

        var map = response.AssertOk().Result;
        Assert.Equal("shop.example", map.GetProperty("default_sni").GetString());
        Assert.Equal("192.0.0.1", map.GetProperty("ips")[0].GetProperty("ip").GetString());
        Assert.Empty(map.GetProperty("memberships").EnumerateArray());
    }

    private static DateTime Timestamp(JsonElement map, string name) =>
        DateTime.Parse(map.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
}
