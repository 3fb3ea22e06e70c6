using System.Text.RegularExpressions;

namespace AddressMaps.Tests.Http;

/// <summary>Envelope, headers, routing errors and body errors (CONTRACT §1, §2, §7).</summary>
public sealed partial class WireTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Covers(Op.ListMaps, Op.MapDetails)]
    [Fact]
    public async Task Every_answer_has_a_cf_ray_and_utf8_json_content_type()
    {
        var ok = await Api.GetAsync(CloudflareClient.Maps());
        var notFound = await Api.GetAsync(CloudflareClient.Map("ffffffffffffffffffffffffffffffff"));
        var noRoute = await Api.GetAsync("/client/v4/nothing/here");

        foreach (var response in new[] { ok, notFound, noRoute })
        {
            Assert.Matches(CfRayPattern(), response.Header("cf-ray"));
            Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        }

        Assert.NotEqual(ok.Header("cf-ray"), notFound.Header("cf-ray"));
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.AddIp, Op.MapDetails)]
    [Fact]
    public async Task Successful_answers_carry_a_uuidv7_audit_log_id_and_failures_do_not()
    {
        var create = await Api.PostJsonAsync(CloudflareClient.Maps(), new { });
        var id = create.AssertOk().Result.GetProperty("id").GetString()!;
        var patch = await Api.PatchJsonAsync(CloudflareClient.Map(id), new { description = "x" });
        var put = await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/203.0.113.1");
        var read = await Api.GetAsync(CloudflareClient.Map(id));
        var failed = await Api.PutAsync($"{CloudflareClient.Map(id)}/ips/10.0.0.1");

        foreach (var response in new[] { create, patch, put, read })
        {
            var audit = response.Header("Cf-Auditlog-Id");
            Assert.NotNull(audit);
            Assert.Equal(7, Guid.Parse(audit).Version);
        }

        Assert.NotEqual(create.Header("Cf-Auditlog-Id"), read.Header("Cf-Auditlog-Id"));
        Assert.Null(failed.Header("Cf-Auditlog-Id"));
    }

    [Covers(Op.CreateMap)]
    [Fact]
    public async Task Timestamps_are_rfc3339_utc_with_trimmed_fractions()
    {
        var map = (await Api.PostJsonAsync(CloudflareClient.Maps(), new { ips = new[] { "203.0.113.1" } })).AssertOk().Result;

        foreach (var value in new[] { map.GetProperty("created_at"), map.GetProperty("modified_at"), map.GetProperty("ips")[0].GetProperty("created_at") })
        {
            Assert.Matches(TimestampPattern(), value.GetString());
        }
    }

    public static readonly TheoryData<string, string> MalformedOrUnknownPaths = new()
    {
        { "GET", "/client/v4/accounts/not-an-id/addressing/address_maps" },
        { "GET", $"/client/v4/accounts/{Demo.Account.ToUpperInvariant()}/addressing/address_maps" },
        { "PUT", $"/client/v4/accounts/{Demo.Account}/addressing/address_maps/0123456789abcdef0123456789abcdef/zones/example.com" },
        { "GET", $"/client/v4/accounts/{Demo.Account}/addressing/unknown" },
        { "GET", "/client/v4" },
        { "POST", $"/client/v4/accounts/{Demo.Account}/addressing/prefixes" },
        { "PUT", $"/client/v4/accounts/{Demo.Account}/addressing/address_maps" },
    };

    [Theory]
    [MemberData(nameof(MalformedOrUnknownPaths))]
    public async Task A_malformed_id_an_unknown_path_or_method_is_400_with_7003_and_7000(string method, string path)
    {
        var response = await Api.SendAsync(new HttpMethod(method), path);

        response.AssertError(HttpStatusCode.BadRequest, 7003);
        Assert.Equal([7003, 7000], response.ErrorCodes);
        Assert.Contains("perhaps your object identifier is invalid?", response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.ListMaps)]
    [Theory]
    [InlineData("{")]
    [InlineData("{\"description\": }")]
    [InlineData("description=x")]
    [InlineData("{\"a\":1} trailing")]
    public async Task Malformed_json_is_400_code_6007(string body)
    {
        var response = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), body, "application/json");

        response.AssertError(HttpStatusCode.BadRequest, 6007);
        Assert.Empty((await Api.GetAsync(CloudflareClient.Maps())).Result.EnumerateArray());
    }

    [Covers(Op.CreateMap)]
    [Theory]
    [InlineData("""{"enabled":"yes"}""", "enabled")]
    [InlineData("""{"enabled":1}""", "enabled")]
    [InlineData("""{"description":42}""", "description")]
    [InlineData("""{"default_sni":["a"]}""", "default_sni")]
    [InlineData("""{"ips":"203.0.113.1"}""", "ips")]
    [InlineData("""{"ips":[1]}""", "ips[0]")]
    [InlineData("""{"memberships":{}}""", "memberships")]
    [InlineData("""{"memberships":[{"kind":1,"identifier":"x"}]}""", "memberships[0].kind")]
    public async Task A_field_of_the_wrong_type_is_400_naming_the_field(string body, string field)
    {
        var create = await Api.SendAsync(HttpMethod.Post, CloudflareClient.Maps(), body, "application/json");

        create.AssertError(HttpStatusCode.BadRequest, 1016);
        Assert.Contains($"'{field}'", create.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.UpdateMap, Op.MapDetails)]
    [Theory]
    [InlineData("""{"enabled":"no"}""", "enabled")]
    [InlineData("""{"description":false}""", "description")]
    public async Task Edit_with_a_field_of_the_wrong_type_is_400_and_changes_nothing(string body, string field)
    {
        var id = await Api.CreateMapAsync(new { description = "kept" });

        var response = await Api.SendAsync(HttpMethod.Patch, CloudflareClient.Map(id), body, "application/json");

        response.AssertError(HttpStatusCode.BadRequest, 1016);
        Assert.Contains(field, response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Equal("kept", (await Api.GetAsync(CloudflareClient.Map(id))).Result.GetProperty("description").GetString());
    }

    [Covers(Op.CreateMap, Op.UpdateMap)]
    [Fact]
    public async Task Edit_with_an_array_body_is_6007()
    {
        var id = await Api.CreateMapAsync();

        (await Api.SendAsync(HttpMethod.Patch, CloudflareClient.Map(id), "[]", "application/json")).AssertError(HttpStatusCode.BadRequest, 6007);
    }

    public static TheoryData<string, string> EveryAddressMapOperation => new()
    {
        { "GET", "" },
        { "POST", "" },
        { "GET", "/0123456789abcdef0123456789abcdef" },
        { "PATCH", "/0123456789abcdef0123456789abcdef" },
        { "DELETE", "/0123456789abcdef0123456789abcdef" },
        { "PUT", "/0123456789abcdef0123456789abcdef/ips/203.0.113.1" },
        { "DELETE", "/0123456789abcdef0123456789abcdef/ips/203.0.113.1" },
        { "PUT", "/0123456789abcdef0123456789abcdef/zones/" + Demo.ExampleCom },
        { "DELETE", "/0123456789abcdef0123456789abcdef/zones/" + Demo.ExampleCom },
        { "PUT", "/0123456789abcdef0123456789abcdef/accounts/" + Demo.NoAddOnAccount },
        { "DELETE", "/0123456789abcdef0123456789abcdef/accounts/" + Demo.NoAddOnAccount },
    };

    [Covers(Op.ListMaps, Op.CreateMap, Op.MapDetails, Op.UpdateMap, Op.DeleteMap, Op.AddIp, Op.RemoveIp, Op.AddZone, Op.RemoveZone, Op.AddAccount, Op.RemoveAccount)]
    [Theory]
    [MemberData(nameof(EveryAddressMapOperation))]
    public async Task An_account_without_the_add_on_gets_1002_on_every_address_map_call(string method, string suffix)
    {
        var api = Api.As(Credentials.NoAddOnWriteToken);

        var response = await api.SendAsync(new HttpMethod(method), CloudflareClient.Maps(Demo.NoAddOnAccount) + suffix, method is "POST" or "PATCH" ? "{}" : null, "application/json");

        response.AssertError(HttpStatusCode.Forbidden, 1002);
        Assert.Equal($"address_maps_not_enabled_on_account: account {Demo.NoAddOnAccount} does not have the Address Maps add-on", response.FirstErrorMessage);
    }

    [Covers(Op.CreateMap, Op.UpdateMap)]
    [Theory]
    [InlineData("POST", "")]
    [InlineData("PATCH", "/0123456789abcdef0123456789abcdef")]
    public async Task The_add_on_check_comes_before_the_body_so_a_malformed_body_still_gets_1002(string method, string suffix)
    {
        var api = Api.As(Credentials.NoAddOnWriteToken);

        var response = await api.SendAsync(new HttpMethod(method), CloudflareClient.Maps(Demo.NoAddOnAccount) + suffix, "{not json", "application/json");

        response.AssertError(HttpStatusCode.Forbidden, 1002);
    }

    [GeneratedRegex("^[0-9a-f]{16}-[A-Z]{3}$")]
    private static partial Regex CfRayPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$")]
    private static partial Regex TimestampPattern();
}
