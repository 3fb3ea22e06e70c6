namespace AddressMaps.Tests.Http;

/// <summary>CONTRACT §10.4: a message begins with Cloudflare's token where one is known
/// (<c>not_found</c>, <c>address_maps_not_enabled_on_account</c>), the emulator's own errors with
/// their catalogue name, then ": " and an explanation naming the value; Cloudflare's verbatim
/// wordings (headers, routing, credentials) stay as seen.</summary>
public sealed class MessageTokenTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Unknown = "ffffffffffffffffffffffffffffffff";

    [Fact]
    public void Only_the_wordings_on_record_are_verbatim()
    {
        var verbatim = Errors.All.Where(e => e.Verbatim).Select(e => e.Code).Order();

        Assert.Equal([971, 6003, 6007, 6102, 6103, 6111, 7000, 7003, 9103, 9106, 9109, 10000], verbatim);
        Assert.All(Errors.All.Where(e => e.Verbatim), e => Assert.True(e.Observed, $"{e.Code} is verbatim but not seen"));
        Assert.Equal("not_found", Errors.NotFound.Name);
        Assert.Equal("address_maps_not_enabled_on_account", Errors.AddOnMissing.Name);
    }

    public static readonly TheoryData<string, string, string?, HttpStatusCode, int, string> Refusals = new()
    {
        { "GET", $"/{Unknown}", null, HttpStatusCode.NotFound, 1000, $"not_found: address map {Unknown} does not exist" },
        { "PUT", $"/{Unknown}/ips/203.0.113.1", null, HttpStatusCode.NotFound, 1000, Unknown },
        { "POST", "", """{"ips":["198.18.0.1"]}""", HttpStatusCode.BadRequest, 1007, $"ip_not_owned_by_account: 198.18.0.1 is not in an approved prefix of account {Demo.Account}" },
        { "POST", "", """{"ips":["198.18.10.1"]}""", HttpStatusCode.BadRequest, 1007, "198.18.10.1" },
        { "POST", "", """{"ips":["203.0.113.0/24"]}""", HttpStatusCode.BadRequest, 1006, "invalid_ip_address: '203.0.113.0/24'" },
        { "POST", "", """{"ips":[null]}""", HttpStatusCode.BadRequest, 1006, "invalid_ip_address: ips must hold" },
        { "POST", "", """{"memberships":[{"kind":"zone","identifier":"0123456789abcdef0123456789abcdef"}]}""", HttpStatusCode.BadRequest, 1009, "zone_not_in_account: zone 0123456789abcdef0123456789abcdef" },
        { "POST", "", $$"""{"memberships":[{"kind":"account","identifier":"{{Demo.NoAddOnAccount}}"}]}""", HttpStatusCode.BadRequest, 1011, $"account_membership_not_owner: account {Demo.NoAddOnAccount}" },
        { "POST", "", """{"memberships":[{"kind":"planet","identifier":"0123456789abcdef0123456789abcdef"}]}""", HttpStatusCode.BadRequest, 1017, "invalid_membership_kind: membership kind 'planet'" },
        { "POST", "", """{"memberships":[{"kind":"zone","identifier":"example.com"}]}""", HttpStatusCode.BadRequest, 1018, "invalid_identifier: membership identifier 'example.com'" },
        { "POST", "", """{"default_sni":"not a host"}""", HttpStatusCode.BadRequest, 1014, "invalid_default_sni: default_sni 'not a host'" },
        { "POST", "", """{"default_sni":"www.elsewhere.test"}""", HttpStatusCode.BadRequest, 1015, "default_sni_not_in_account: default_sni 'www.elsewhere.test'" },
        { "POST", "", """{"enabled":"yes"}""", HttpStatusCode.BadRequest, 1016, "invalid_field: invalid value for field 'enabled'" },
        { "GET", "?cidr=203.0.113.1/24", null, HttpStatusCode.BadRequest, 1018, "invalid_identifier: cidr '203.0.113.1/24'" },
        { "GET", "?ip=nope", null, HttpStatusCode.BadRequest, 1006, "invalid_ip_address: 'nope'" },
        { "POST", "", "{", HttpStatusCode.BadRequest, 6007, "Malformed JSON in request body" },
    };

    [Covers(Op.CreateMap, Op.ListMaps, Op.MapDetails, Op.AddIp)]
    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refusal_begins_with_its_token_and_names_the_value(string method, string suffix, string? body, HttpStatusCode status, int code, string expected)
    {
        var response = await Api.SendAsync(new HttpMethod(method), CloudflareClient.Maps() + suffix, body, body is null ? null : "application/json");

        response.AssertError(status, code);
        var name = Errors.All.Single(e => e.Code == code).Name;
        var message = response.FirstErrorMessage;
        Assert.True(code == 6007 || message.StartsWith(name + ": ", StringComparison.Ordinal), $"'{message}' does not begin with '{name}: '");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Covers(Op.CreateMap, Op.DeleteMap, Op.AddIp, Op.RemoveZone, Op.ListMaps)]
    [Fact]
    public async Task Rule_refusals_on_a_map_begin_with_their_catalogue_names()
    {
        var map = await Api.CreateMapAsync(new { enabled = true, memberships = new[] { new { kind = "zone", identifier = Demo.ExampleCom } } });
        var other = await Api.CreateMapAsync();

        var enabled = (await Api.DeleteAsync(CloudflareClient.Map(map))).AssertError(HttpStatusCode.BadRequest, 1003);
        var taken = (await Api.PutAsync(CloudflareClient.Map(other) + $"/zones/{Demo.ExampleCom}")).AssertError(HttpStatusCode.BadRequest, 1010);
        var absent = (await Api.DeleteAsync(CloudflareClient.Map(other) + $"/zones/{Demo.ShopExample}")).AssertError(HttpStatusCode.NotFound, 1000);
        var managed = (await Api.As(Credentials.OtherWriteToken).DeleteAsync(CloudflareClient.Map(Demo.OtherImmutableMap, Demo.OtherAccount))).AssertError(HttpStatusCode.BadRequest, 1004);
        var noAddOn = (await Api.As(Credentials.NoAddOnWriteToken).GetAsync(CloudflareClient.Maps(Demo.NoAddOnAccount))).AssertError(HttpStatusCode.Forbidden, 1002);

        Assert.Equal($"address_map_enabled: address map {map} is enabled; disable it (PATCH enabled: false) before deleting it", enabled.FirstErrorMessage);
        Assert.Equal($"zone_already_member_of_another_map: zone {Demo.ExampleCom} is already a member of another address map", taken.FirstErrorMessage);
        Assert.Equal($"not_found: zone {Demo.ShopExample} is not a member of address map {other}", absent.FirstErrorMessage);
        Assert.StartsWith($"address_map_not_deletable: address map {Demo.OtherImmutableMap} ", managed.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Equal($"address_maps_not_enabled_on_account: account {Demo.NoAddOnAccount} does not have the Address Maps add-on", noAddOn.FirstErrorMessage);
    }
}
