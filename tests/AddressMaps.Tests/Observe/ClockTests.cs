using AddressMaps.Tests.Auth;
using static AddressMaps.Tests.ControlPlane.ControlPlaneClient;

namespace AddressMaps.Tests.Observe;

/// <summary>EMULATOR.md §6: one movable clock drives timestamps, token validity and the rate limit.</summary>
public sealed class ClockTests(ApiFixture fixture) : ApiTest(fixture)
{
    private async Task<JsonElement> ClockAsync(HttpClient http, object? change = null) => change is null
        ? (await SendAsync(http, HttpMethod.Get, "/_emulator/clock")).AssertOk().Result
        : (await SendAsync(http, HttpMethod.Post, "/_emulator/clock", JsonSerializer.Serialize(change))).AssertOk().Result;

    [Covers("emulator-get-clock", "emulator-change-clock", Op.CreateMap)]
    [Fact]
    public async Task Advancing_setting_and_freezing_the_clock_moves_the_timestamps_of_new_maps()
    {
        var advanced = await ClockAsync(Api.Http, new { advance_seconds = 86400 });
        var created = DateTimeOffset.Parse((await Api.PostJsonAsync(CloudflareClient.Maps(), new { })).AssertOk().Result.GetProperty("created_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(created - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        Assert.InRange(advanced.GetProperty("offset_seconds").GetDouble(), 86399, 86401);

        await ClockAsync(Api.Http, new { set = "2030-01-01T00:00:00Z" });
        var frozen = await ClockAsync(Api.Http, new { freeze = true });
        var a = (await Api.PostJsonAsync(CloudflareClient.Maps(), new { })).AssertOk().Result.GetProperty("created_at").GetString();
        await Task.Delay(20);
        var b = (await Api.PostJsonAsync(CloudflareClient.Maps(), new { })).AssertOk().Result.GetProperty("created_at").GetString();

        Assert.True(frozen.GetProperty("frozen").GetBoolean());
        Assert.Equal(a, b);
        Assert.StartsWith("2030-01-01T00:00:00", a, StringComparison.Ordinal);
        var reset = await ClockAsync(Api.Http, new { reset = true });
        Assert.False(reset.GetProperty("frozen").GetBoolean());
        Assert.Equal(0, reset.GetProperty("offset_seconds").GetDouble());
        (await SendAsync(Api.Http, HttpMethod.Post, "/_emulator/clock", """{"advance_seconds":1,"freeze":true}""")).AssertError(HttpStatusCode.BadRequest, 2004);
    }

    [Covers("emulator-change-clock", Op.ListMaps)]
    [Fact]
    public async Task A_token_expires_when_the_clock_is_moved_past_its_expiry()
    {
        await using var token = await TemporaryToken.AddAsync(Fixture, expiresOn: DateTime.UtcNow.AddMinutes(10));
        var client = Api.As(token.Credentials);
        (await client.GetAsync(CloudflareClient.Maps())).AssertOk();

        await ClockAsync(Api.Http, new { advance_seconds = 601 });

        (await client.GetAsync(CloudflareClient.Maps())).AssertError(HttpStatusCode.Forbidden, 9109);
    }

    [Covers("emulator-change-clock", Op.ListMaps)]
    [Fact]
    public async Task A_rate_limit_lock_out_ends_when_the_clock_moves_300_seconds()
    {
        await using var host = new ApiFactory(Fixture.Database.ConnectionString, new Dictionary<string, string?>
        {
            ["AddressMaps:RateLimit:Enabled"] = "true",
            ["AddressMaps:RateLimit:Requests"] = "3",
            ["AddressMaps:RateLimit:WindowSeconds"] = "60",
            ["AddressMaps:RateLimit:PenaltySeconds"] = "300",
        });
        await FreezeClockAsync(Api.Http, Http.RateLimitTests.MidWindow, host);
        var client = new CloudflareClient(host.CreateClient(), Credentials.DemoKey);
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync(CloudflareClient.Maps())).AssertOk();
        }

        var locked = await client.GetAsync(CloudflareClient.Maps());
        await ClockAsync(host.CreateClient(), new { advance_seconds = 301 });
        var after = await client.GetAsync(CloudflareClient.Maps());

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.Status);
        after.AssertOk();
    }
}
