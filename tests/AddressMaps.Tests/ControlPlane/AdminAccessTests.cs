using AddressMaps.Api.ControlPlane;
using Microsoft.AspNetCore.Http;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.ControlPlane;

/// <summary>EMULATOR.md §0–§1: who may call the control plane, and health and readiness, which
/// are always open.</summary>
public sealed class AdminAccessTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string AdminToken = "test-admin-token-0123456789";

    [Covers("emulator-health", "emulator-ready")]
    [Fact]
    public async Task Health_and_ready_answer_with_the_envelope()
    {
        var health = (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/health")).AssertOk().Result;
        var ready = (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/ready")).AssertOk().Result;

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("ok", ready.GetProperty("database").GetString());
        Assert.Equal("applied", ready.GetProperty("migrations").GetString());
        Assert.Equal("loaded", ready.GetProperty("seed").GetString());
    }

    [Covers("emulator-health", "emulator-ready")]
    [Fact]
    public async Task While_the_database_is_away_ready_is_503_naming_it_and_health_stays_200()
    {
        var direct = new Npgsql.NpgsqlConnectionStringBuilder(Fixture.Database.ConnectionString);
        await using var proxy = new TcpProxy(direct.Host!, direct.Port);
        var viaProxy = new Npgsql.NpgsqlConnectionStringBuilder(Fixture.Database.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
        await using var host = new ApiFactory(viaProxy);
        var http = host.CreateClient();
        (await SendAsync(http, HttpMethod.Get, "/_emulator/ready")).AssertOk();

        proxy.Refuse();
        var ready = await SendAsync(http, HttpMethod.Get, "/_emulator/ready");
        var health = await SendAsync(http, HttpMethod.Get, "/_emulator/health");
        proxy.Forward();

        ready.AssertError(HttpStatusCode.ServiceUnavailable, 2006);
        Assert.Contains("database unreachable", ready.FirstErrorMessage, StringComparison.Ordinal);
        health.AssertOk();
    }

    [Covers("emulator-list-accounts", "emulator-health")]
    [Fact]
    public async Task With_an_admin_token_the_control_plane_needs_it_but_health_and_ready_do_not()
    {
        await using var host = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?> { ["AddressMaps:AdminToken"] = AdminToken });
        var http = host.CreateClient();

        (await SendAsync(http, HttpMethod.Get, "/_emulator/accounts")).AssertError(HttpStatusCode.Unauthorized, 2001);
        (await SendAsync(http, HttpMethod.Get, "/_emulator/accounts", bearer: "wrong")).AssertError(HttpStatusCode.Forbidden, 2002);
        (await SendAsync(http, HttpMethod.Get, "/_emulator/accounts", bearer: AdminToken)).AssertOk();
        (await SendAsync(http, HttpMethod.Get, "/_emulator/health")).AssertOk();
        (await SendAsync(http, HttpMethod.Get, "/_emulator/ready")).AssertOk();
    }

    [Fact]
    public async Task Without_an_admin_token_a_client_that_is_not_on_loopback_is_refused_with_how_to_set_one()
    {
        var remote = await Fixture.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/_emulator/accounts";
            c.Connection.RemoteIpAddress = IPAddress.Parse("192.0.2.10");
        });
        var local = await Fixture.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/_emulator/accounts";
            c.Connection.RemoteIpAddress = IPAddress.IPv6Loopback;
        });

        Assert.Equal(StatusCodes.Status403Forbidden, remote.Response.StatusCode);
        var body = await new StreamReader(remote.Response.Body).ReadToEndAsync();
        Assert.Contains("2003", body, StringComparison.Ordinal);
        Assert.Contains("AddressMaps__AdminToken", body, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status200OK, local.Response.StatusCode);
    }

    [Theory]
    [InlineData(null, "", "127.0.0.1", null)]
    [InlineData(null, "", "10.1.2.3", 2003)]
    [InlineData("s3cret", "", "127.0.0.1", 2001)]
    [InlineData("s3cret", "Bearer nope", "127.0.0.1", 2002)]
    [InlineData("s3cret", "Bearer s3cret", "10.1.2.3", null)]
    public void Who_may_call_is_decided_by_the_token_when_one_is_set_else_by_the_address(string? token, string authorization, string remote, int? code) =>
        Assert.Equal(code, AdminAuthentication.Refusal(token, authorization, IPAddress.Parse(remote))?.Error.Code);

    [Fact]
    public async Task An_unknown_control_plane_path_is_a_404_envelope()
    {
        (await SendAsync(Api.Http, HttpMethod.Get, "/_emulator/nothing-here")).AssertError(HttpStatusCode.NotFound, 1000);
    }
}
