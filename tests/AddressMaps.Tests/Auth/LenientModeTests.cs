namespace AddressMaps.Tests.Auth;

/// <summary>AddressMaps:AuthMode=Lenient: any well-formed credential may do anything on any account
/// (formats are still checked), and every answer says so in X-AddressMaps-Auth-Mode. Each test starts
/// its own host on the shared database (reset by the base class) and disposes it.</summary>
public sealed class LenientModeTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string ModeHeader = "X-AddressMaps-Auth-Mode";
    private const string MadeUpToken = "MadeUpToken_nobody-issued-this-012345678";
    private static readonly Credentials MadeUpKey = Credentials.GlobalKey("stranger@example.org", "0123456789abcdef0123456789abcdef01234");

    [Fact]
    public async Task A_made_up_token_may_create_and_read_a_map_in_any_account()
    {
        await using var host = LenientHost();
        var api = Client(host, Credentials.Bearer(MadeUpToken));

        var created = await api.PostJsonAsync(CloudflareClient.Maps(Demo.OtherAccount), new { description = "lenient", ips = new[] { "192.0.2.30" } });
        var id = created.AssertOk().Result.GetProperty("id").GetString()!;
        var details = await api.GetAsync(CloudflareClient.Map(id, Demo.OtherAccount));

        Assert.Equal("lenient", details.AssertOk().Result.GetProperty("description").GetString());
        Assert.Equal("lenient", created.Header(ModeHeader));
        Assert.Equal("lenient", details.Header(ModeHeader));
    }

    [Fact]
    public async Task A_made_up_key_pair_may_list_every_account_and_read_prefixes()
    {
        await using var host = LenientHost();
        var api = Client(host, MadeUpKey);

        foreach (var account in new[] { Demo.Account, Demo.OtherAccount, Demo.StaticAccount })
        {
            var response = (await api.GetAsync(CloudflareClient.Maps(account))).AssertOk();
            Assert.Equal("lenient", response.Header(ModeHeader));
        }

        var prefixes = (await api.GetAsync($"{CloudflareClient.Base}/accounts/{Demo.OtherAccount}/addressing/prefixes")).AssertOk();
        Assert.Equal("192.0.2.0/24", prefixes.Result[0].GetProperty("cidr").GetString());
    }

    [Fact]
    public async Task The_read_token_and_the_expired_token_may_write()
    {
        await using var host = LenientHost();

        (await Client(host, Credentials.ReadToken).PostJsonAsync(CloudflareClient.Maps(), new { description = "by the read token" })).AssertOk();
        (await Client(host, Credentials.ExpiredToken).PostJsonAsync(CloudflareClient.Maps(), new { description = "by the expired token" })).AssertOk();

        var descriptions = (await Api.GetAsync(CloudflareClient.Maps())).AssertOk().Result.EnumerateArray().Select(m => m.GetProperty("description").GetString());
        Assert.Equal(["by the expired token", "by the read token"], descriptions); // newest first
    }

    [Fact]
    public async Task No_credential_is_still_400_code_9106_and_says_lenient()
    {
        await using var host = LenientHost();

        var response = await Client(host, Credentials.None).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 9106);
        Assert.Equal("lenient", response.Header(ModeHeader));
    }

    [Theory]
    [InlineData("Authorization", "Bearer short")]
    [InlineData("X-Auth-Email", "not-an-email")]
    public async Task A_malformed_credential_is_still_400_code_6003_and_says_lenient(string header, string value)
    {
        await using var host = LenientHost();
        var headers = new Dictionary<string, string> { [header] = value };
        if (header == "X-Auth-Email")
        {
            headers["X-Auth-Key"] = Demo.GlobalKey;
        }

        var response = await Client(host, new Credentials("malformed", headers)).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal("lenient", response.Header(ModeHeader));
    }

    [Fact]
    public async Task An_account_without_the_add_on_is_still_403_code_1002_and_says_lenient()
    {
        await using var host = LenientHost();

        var response = await Client(host, Credentials.Bearer(MadeUpToken)).GetAsync(CloudflareClient.Maps(Demo.NoAddOnAccount));

        response.AssertError(HttpStatusCode.Forbidden, 1002);
        Assert.Equal("lenient", response.Header(ModeHeader));
    }

    [Fact]
    public async Task A_made_up_token_verifies_as_active()
    {
        await using var host = LenientHost();

        var response = await Client(host, Credentials.Bearer(MadeUpToken)).GetAsync(CloudflareClient.Base + "/user/tokens/verify");

        Assert.Equal("active", response.AssertOk().Result.GetProperty("status").GetString());
        Assert.Matches("^[0-9a-f]{32}$", response.Result.GetProperty("id").GetString());
        Assert.Equal("lenient", response.Header(ModeHeader));
    }

    [Fact]
    public async Task An_unknown_path_still_says_lenient()
    {
        await using var host = LenientHost();

        var response = await Client(host, MadeUpKey).GetAsync(CloudflareClient.Base + "/accounts/not-an-id/addressing/address_maps");

        response.AssertError(HttpStatusCode.BadRequest, 7003);
        Assert.Equal("lenient", response.Header(ModeHeader));
    }

    [Fact]
    public async Task The_strict_default_sends_no_mode_header()
    {
        var ok = (await Api.GetAsync(CloudflareClient.Maps())).AssertOk();
        var refused = await Api.As(Credentials.None).GetAsync(CloudflareClient.Maps());

        Assert.Null(ok.Header(ModeHeader));
        Assert.Null(refused.Header(ModeHeader));
    }

    private ApiFactory LenientHost() =>
        new(Fixture.Database.ConnectionString, new Dictionary<string, string?> { ["AddressMaps:AuthMode"] = "Lenient" });

    private CloudflareClient Client(ApiFactory host, Credentials credentials) =>
        new(host.CreateDefaultClient(new SchemaValidatingHandler(Fixture.Schema)), credentials);
}
