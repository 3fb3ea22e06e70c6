using System.Globalization;

namespace AddressMaps.Tests.Auth;

/// <summary>GET /client/v4/user/tokens/verify, which SDKs and Terraform call first.</summary>
public sealed class TokenVerifyTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Verify = CloudflareClient.Base + "/user/tokens/verify";

    [Covers(Op.VerifyToken)]
    [Fact]
    public async Task A_valid_token_is_answered_with_its_id_and_status_active()
    {
        var response = (await Api.As(Credentials.WriteToken).GetAsync(Verify)).AssertOk();

        var result = response.Result;
        Assert.Equal(["id", "status"], result.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Demo.Write.Id, result.GetProperty("id").GetString());
        Assert.Equal("active", result.GetProperty("status").GetString());
    }

    [Covers(Op.VerifyToken)]
    [Fact]
    public async Task A_token_without_any_address_map_permission_on_the_path_still_verifies()
    {
        // Verify needs no account and no permission group: the read-only token is valid too.
        var response = (await Api.As(Credentials.ReadToken).GetAsync(Verify)).AssertOk();

        Assert.Equal(Demo.Read.Id, response.Result.GetProperty("id").GetString());
    }

    [Covers(Op.VerifyToken)]
    [Fact]
    public async Task A_dated_token_is_answered_with_expires_on_and_not_before()
    {
        var notBefore = new DateTime(2025, 6, 1, 8, 30, 0, DateTimeKind.Utc);
        var expiresOn = DateTime.UtcNow.Date.AddYears(1);
        await using var token = await TemporaryToken.AddAsync(Fixture, notBefore: notBefore, expiresOn: expiresOn);

        var result = (await Api.As(token.Credentials).GetAsync(Verify)).AssertOk().Result;

        Assert.Equal(token.Id, result.GetProperty("id").GetString());
        Assert.Equal("active", result.GetProperty("status").GetString());
        Assert.Equal(expiresOn, Parse(result.GetProperty("expires_on").GetString()!));
        Assert.Equal(notBefore, Parse(result.GetProperty("not_before").GetString()!));
    }

    /// <summary>What verify refuses: anything but an active token is 403 9109; no credential is
    /// 400 9106 and a token of the wrong shape 400 6003, as on every route.</summary>
    public static readonly TheoryData<Credentials, HttpStatusCode, int> NotAValidToken = new()
    {
        { Credentials.ExpiredToken, HttpStatusCode.Forbidden, 9109 },
        { Credentials.Bearer(new string('x', 40)), HttpStatusCode.Forbidden, 9109 },
        { Credentials.DemoKey, HttpStatusCode.Forbidden, 9109 },
        { Credentials.None, HttpStatusCode.BadRequest, 9106 },
        { Credentials.Bearer("short-token-but-long-enough-to-slice"), HttpStatusCode.BadRequest, 6003 },
    };

    [Covers(Op.VerifyToken)]
    [Theory]
    [MemberData(nameof(NotAValidToken))]
    public async Task Verify_refuses_what_is_not_a_valid_token(Credentials credentials, HttpStatusCode status, int code)
    {
        (await Api.As(credentials).GetAsync(Verify)).AssertError(status, code);
    }

    [Covers(Op.VerifyToken)]
    [Fact]
    public async Task A_disabled_token_is_403_code_9109()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture, status: "disabled");

        (await Api.As(token.Credentials).GetAsync(Verify)).AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Covers(Op.VerifyToken)]
    [Fact]
    public async Task A_token_not_yet_valid_is_403_code_9109()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture, notBefore: DateTime.UtcNow.AddHours(1));

        (await Api.As(token.Credentials).GetAsync(Verify)).AssertError(HttpStatusCode.Forbidden, 9109);
    }

    private static DateTime Parse(string timestamp) =>
        DateTime.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
