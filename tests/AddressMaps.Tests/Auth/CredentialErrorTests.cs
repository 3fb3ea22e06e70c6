namespace AddressMaps.Tests.Auth;

/// <summary>The credential errors of CONTRACT §7 (9106, 6003 + 6102/6103/6111, 9109, 9103) as a
/// client sees them, in both credential styles, and which header wins when both are sent.</summary>
public sealed class CredentialErrorTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string WellFormedUnknownToken = "ZZZZCvQbZ18E1EnTU7FaBQ_OFDF5MvELT7w4Zjhu";
    private const string WellFormedUnknownKey = "0000d690143d966273663940a8a09d5629a5b";

    [Fact]
    public async Task A_request_without_any_credential_is_400_code_9106()
    {
        var response = await Api.As(Credentials.None).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 9106);
        Assert.Equal("Missing X-Auth-Key, X-Auth-Email or Authorization headers", response.FirstErrorMessage);
        Assert.False(FirstError(response).TryGetProperty("error_chain", out _));
    }

    public static readonly TheoryData<string, string> MalformedAuthorizationHeaders = new()
    {
        { "Authorization", "Bearer too-short" },
        { "Authorization", Demo.WriteToken }, // a valid token without its scheme
        { "Authorization", "Basic ZGVtbzpwYXNzd29yZA==" },
        { "Authorization", "Bearer " + Demo.WriteToken[..^1] + "." }, // '.' is not in the token alphabet
    };

    [Theory]
    [MemberData(nameof(MalformedAuthorizationHeaders))]
    public async Task A_malformed_authorization_header_is_400_code_6003_with_6111_in_the_chain(string header, string value)
    {
        var response = await Api.As(With((header, value))).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal("Invalid request headers", response.FirstErrorMessage);
        Assert.Equal([(6111, "Invalid format for Authorization header")], Chain(response));
    }

    [Fact]
    public async Task A_malformed_email_is_400_code_6003_with_6102_in_the_chain()
    {
        var response = await Api.As(Credentials.GlobalKey("demo-at-example.com", Demo.GlobalKey)).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal([(6102, "Invalid format for X-Auth-Email header")], Chain(response));
    }

    [Fact]
    public async Task A_malformed_key_is_400_code_6003_with_6103_in_the_chain()
    {
        var response = await Api.As(Credentials.GlobalKey(Demo.Email, Demo.GlobalKey.ToUpperInvariant())).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal([(6103, "Invalid format for X-Auth-Key header")], Chain(response));
    }

    [Fact]
    public async Task An_email_without_a_key_is_6003_naming_the_key()
    {
        var response = await Api.As(With(("X-Auth-Email", Demo.Email))).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal([6103], Chain(response).Select(c => c.Code));
    }

    [Fact]
    public async Task A_key_pair_with_both_halves_malformed_names_both_in_the_chain()
    {
        var response = await Api.As(Credentials.GlobalKey("nobody", "key")).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal([6102, 6103], Chain(response).Select(c => c.Code));
    }

    [Fact]
    public async Task A_missing_credential_is_answered_before_a_malformed_body()
    {
        // The body is not even read: a malformed credential is answered first.
        var response = await Api.As(Credentials.None).SendAsync(HttpMethod.Post, CloudflareClient.Maps(), "{not json", "application/json");

        response.AssertError(HttpStatusCode.BadRequest, 9106);
    }

    [Fact]
    public async Task A_well_formed_unknown_token_is_403_code_9109()
    {
        var response = await Api.As(Credentials.Bearer(WellFormedUnknownToken)).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9109);
        Assert.Equal("Invalid access token", response.FirstErrorMessage);
    }

    [Fact]
    public async Task An_expired_token_is_403_code_9109()
    {
        var response = await Api.As(Credentials.ExpiredToken).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Fact]
    public async Task A_disabled_token_is_403_code_9109()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture, status: "disabled");

        var response = await Api.As(token.Credentials).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Fact]
    public async Task A_token_not_yet_valid_is_403_code_9109()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture, notBefore: DateTime.UtcNow.AddDays(1));

        var response = await Api.As(token.Credentials).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Fact]
    public async Task A_token_inside_its_validity_window_is_accepted()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture, notBefore: DateTime.UtcNow.AddDays(-1), expiresOn: DateTime.UtcNow.AddDays(1));

        (await Api.As(token.Credentials).GetAsync(CloudflareClient.Maps())).AssertOk();
    }

    [Fact]
    public async Task An_unknown_email_with_a_well_formed_key_is_403_code_9103()
    {
        var response = await Api.As(Credentials.GlobalKey("nobody@example.com", Demo.GlobalKey)).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9103);
        Assert.Equal("Unknown X-Auth-Key or X-Auth-Email", response.FirstErrorMessage);
    }

    [Fact]
    public async Task The_demo_email_with_a_wrong_key_is_403_code_9103()
    {
        var response = await Api.As(Credentials.GlobalKey(Demo.Email, WellFormedUnknownKey)).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9103);
    }

    [Fact]
    public async Task A_token_secret_sent_as_a_global_key_is_not_a_key()
    {
        var response = await Api.As(Credentials.GlobalKey(Demo.Email, Demo.WriteToken)).GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal([6103], Chain(response).Select(c => c.Code));
    }

    [Fact]
    public async Task The_email_of_the_key_pair_is_case_insensitive()
    {
        (await Api.As(Credentials.GlobalKey("Demo@Example.COM", Demo.GlobalKey)).GetAsync(CloudflareClient.Maps())).AssertOk();
    }

    /// <summary>Out of reach, in both credential styles: an account outside the credential's reach
    /// and one that does not exist are 403 10000 ("Authentication error"); a map of another
    /// account under the caller's own account path is 404 1000 and names nothing of it.</summary>
    public static TheoryData<string, string> OutOfReach() => new()
    {
        { "key", "account outside its reach" }, { "token", "account outside its reach" },
        { "key", "account that does not exist" }, { "token", "account that does not exist" },
        { "key", "map of another account under the caller's own path" }, { "token", "map of another account under the caller's own path" },
    };

    [Theory]
    [MemberData(nameof(OutOfReach))]
    public async Task A_valid_credential_out_of_its_reach_gets_403_code_10000_or_404_code_1000(string style, string target)
    {
        var credentials = style == "key" ? Credentials.DemoKey : Credentials.WriteToken;
        var path = target switch
        {
            "account outside its reach" => CloudflareClient.Maps(Demo.OtherAccount),
            "account that does not exist" => CloudflareClient.Maps(OperationTarget.NoSuchId),
            _ => CloudflareClient.Map(Demo.OtherImmutableMap),
        };

        var response = await Api.As(credentials).GetAsync(path);

        if (target.StartsWith("map", StringComparison.Ordinal))
        {
            response.AssertError(HttpStatusCode.NotFound, 1000);
            Assert.DoesNotContain("Account-wide", response.Body, StringComparison.Ordinal);
        }
        else
        {
            response.AssertError(HttpStatusCode.Forbidden, 10000);
            Assert.Equal("Authentication error", response.FirstErrorMessage);
        }
    }

    [Fact]
    public async Task Both_credential_styles_reach_the_same_maps()
    {
        var id = await Api.As(Credentials.WriteToken).CreateMapAsync(new { description = "made with a token" });

        var viaKey = (await Api.As(Credentials.DemoKey).GetAsync(CloudflareClient.Map(id))).AssertOk();

        Assert.Equal("made with a token", viaKey.Result.GetProperty("description").GetString());
    }

    // ---- which header wins ----------------------------------------------------------------------

    [Fact]
    public async Task A_valid_token_wins_over_a_malformed_key_pair()
    {
        var response = await Api.As(With(("Authorization", "Bearer " + Demo.WriteToken), ("X-Auth-Email", "nobody"), ("X-Auth-Key", "nope")))
            .GetAsync(CloudflareClient.Maps());

        response.AssertOk();
    }

    [Fact]
    public async Task The_token_decides_permissions_when_a_valid_key_pair_is_sent_too()
    {
        // The demo user may write; the read-only token sent beside its key may not, and the token wins.
        var response = await Api.As(With(("Authorization", "Bearer " + Demo.ReadToken), ("X-Auth-Email", Demo.Email), ("X-Auth-Key", Demo.GlobalKey)))
            .PostJsonAsync(CloudflareClient.Maps(), new { description = "should not exist" });

        response.AssertError(HttpStatusCode.Forbidden, 10000);
        Assert.Equal("[]", (await Api.GetAsync(CloudflareClient.Maps())).AssertOk().Result.GetRawText());
    }

    [Fact]
    public async Task A_malformed_authorization_header_is_refused_even_beside_a_valid_key_pair()
    {
        var response = await Api.As(With(("Authorization", "Bearer nope"), ("X-Auth-Email", Demo.Email), ("X-Auth-Key", Demo.GlobalKey)))
            .GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.BadRequest, 6003);
        Assert.Equal([6111], Chain(response).Select(c => c.Code));
    }

    [Fact]
    public async Task An_unknown_token_is_refused_even_beside_a_valid_key_pair()
    {
        var response = await Api.As(With(("Authorization", "Bearer " + WellFormedUnknownToken), ("X-Auth-Email", Demo.Email), ("X-Auth-Key", Demo.GlobalKey)))
            .GetAsync(CloudflareClient.Maps());

        response.AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Fact]
    public async Task An_empty_authorization_header_leaves_the_key_pair_in_charge()
    {
        var response = await Api.As(With(("Authorization", ""), ("X-Auth-Email", Demo.Email), ("X-Auth-Key", Demo.GlobalKey)))
            .GetAsync(CloudflareClient.Maps());

        response.AssertOk();
    }

    private static Credentials With(params (string Name, string Value)[] headers) =>
        new("custom", headers.ToDictionary(h => h.Name, h => h.Value));

    private static JsonElement FirstError(ApiResponse response) => response.Json.GetProperty("errors")[0];

    private static List<(int Code, string Message)> Chain(ApiResponse response) =>
        FirstError(response).GetProperty("error_chain").EnumerateArray()
            .Select(c => (c.GetProperty("code").GetInt32(), c.GetProperty("message").GetString()!)).ToList();
}
