namespace AddressMaps.Tests.Http;

/// <summary>CONTRACT §10.3: a map id that is not 32 lowercase hex is an unknown map (404, code
/// 1000) on every map path, as a live test against the real API saw; malformed account and zone
/// ids keep Cloudflare's 7003 "Could not route".</summary>
public sealed class MalformedMapIdTests(ApiFixture fixture) : ApiTest(fixture)
{
    /// <summary>Too short, UUID-shaped (what the live test sent), upper-case hex, too long.</summary>
    private static readonly string[] MalformedMapIds =
    [
        "123",
        "5425914c-8324-4b0f-afb1-4e5662f0d8a8",
        "5425914C83244B0FAFB14E5662F0D8A8",
        "5425914c83244b0fafb14e5662f0d8a8ff",
    ];

    public static IEnumerable<object[]> EveryMapPath() =>
        from id in MalformedMapIds
        from call in new[]
        {
            ("GET", ""), ("PATCH", ""), ("DELETE", ""),
            ("PUT", "/ips/203.0.113.9"), ("DELETE", "/ips/203.0.113.9"),
            ("PUT", $"/zones/{Demo.ExampleCom}"), ("DELETE", $"/zones/{Demo.ExampleCom}"),
            ("PUT", $"/accounts/{Demo.Account}"), ("DELETE", $"/accounts/{Demo.Account}"),
        }
        select new object[] { call.Item1, id, call.Item2 };

    [Covers(Op.MapDetails, Op.UpdateMap, Op.DeleteMap, Op.AddIp, Op.RemoveIp, Op.AddZone, Op.RemoveZone, Op.AddAccount, Op.RemoveAccount)]
    [Theory]
    [MemberData(nameof(EveryMapPath))]
    public async Task A_map_id_that_is_not_32_hex_is_404_code_1000_not_found(string method, string mapId, string rest)
    {
        var body = method == "PATCH" ? """{"description":"x"}""" : null;

        var response = await Api.SendAsync(new HttpMethod(method), CloudflareClient.Map(Uri.EscapeDataString(mapId)) + rest, body, body is null ? null : "application/json");

        response.AssertError(HttpStatusCode.NotFound, 1000);
        Assert.Equal([1000], response.ErrorCodes);
        Assert.StartsWith("not_found: ", response.FirstErrorMessage, StringComparison.Ordinal);
        Assert.Contains(mapId[..3], response.FirstErrorMessage, StringComparison.Ordinal);
    }

    [Covers(Op.MapDetails)]
    [Fact]
    public async Task The_credential_and_permission_checks_still_come_first()
    {
        var path = CloudflareClient.Map("5425914c-8324-4b0f-afb1-4e5662f0d8a8");

        (await Api.As(Credentials.None).GetAsync(path)).AssertError(HttpStatusCode.BadRequest, 9106);
        (await Api.As(Credentials.OtherWriteToken).GetAsync(path)).AssertError(HttpStatusCode.Forbidden, 10000);
        (await Api.As(Credentials.NoAddOnWriteToken).GetAsync(CloudflareClient.Map("123", Demo.NoAddOnAccount))).AssertError(HttpStatusCode.Forbidden, 1002);
    }

    public static readonly TheoryData<string, string> MalformedAccountOrZone = new()
    {
        { "GET", "/client/v4/accounts/5425914c-8324-4b0f-afb1-4e5662f0d8a8/addressing/address_maps/0123456789abcdef0123456789abcdef" },
        { "GET", "/client/v4/accounts/not-an-id/addressing/address_maps/123" },
        { "PUT", $"/client/v4/accounts/{Demo.Account}/addressing/address_maps/0123456789abcdef0123456789abcdef/zones/example.com" },
        { "DELETE", $"/client/v4/accounts/{Demo.Account}/addressing/address_maps/0123456789abcdef0123456789abcdef/zones/5425914c-8324-4b0f-afb1-4e5662f0d8a8" },
    };

    [Theory]
    [MemberData(nameof(MalformedAccountOrZone))]
    public async Task A_malformed_account_or_zone_id_keeps_7003(string method, string path)
    {
        var response = await Api.SendAsync(new HttpMethod(method), path);

        response.AssertError(HttpStatusCode.BadRequest, 7003);
        Assert.Equal([7003, 7000], response.ErrorCodes);
    }
}
