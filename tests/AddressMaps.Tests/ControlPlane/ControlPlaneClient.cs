using System.Net.Http.Headers;
using System.Text;

namespace AddressMaps.Tests.ControlPlane;

/// <summary>An account made by POST /_emulator/accounts, with what its answer gave.</summary>
public sealed record MadeAccount(string Id, IReadOnlyList<(string Id, string Name)> Zones, string Token, string Email, string Key)
{
    public Credentials TokenCredential => Credentials.Bearer(Token);

    public Credentials KeyCredential => Credentials.GlobalKey(Email, Key);
}

/// <summary>Control-plane calls for tests: raw answers, and the account recipe.</summary>
public static class ControlPlaneClient
{
    public static async Task<ApiResponse> SendAsync(HttpClient http, HttpMethod method, string path, string? body = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Freezes the emulator's clock at <paramref name="at"/> through <paramref name="http"/>,
    /// then asks each host until it runs on that clock (a replica re-reads it every 500 ms). Frozen
    /// first, then set: set first, the clock runs on until the freeze. The next test's reset sets
    /// it going again.</summary>
    public static async Task FreezeClockAsync(HttpClient http, DateTimeOffset at, params ApiFactory[] hosts)
    {
        (await SendAsync(http, HttpMethod.Post, "/_emulator/clock", """{"freeze":true}""")).AssertOk();
        (await SendAsync(http, HttpMethod.Post, "/_emulator/clock", JsonSerializer.Serialize(new { set = at }))).AssertOk();
        var expected = AddressMaps.Api.Platform.Text.Timestamp(AddressMaps.Api.Platform.Clock.Truncate(at.UtcDateTime));
        foreach (var host in hosts)
        {
            var other = host.CreateClient();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((await SendAsync(other, HttpMethod.Get, "/_emulator/clock")).AssertOk().Result.GetProperty("now").GetString() != expected)
            {
                Assert.True(DateTime.UtcNow < deadline, $"a host did not take up the clock frozen at {expected} within 10 s");
                await Task.Delay(50);
            }
        }
    }

    public static async Task<string> RawAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<MadeAccount> CreateAccountAsync(HttpClient http, object? body = null)
    {
        var answer = (await SendAsync(http, HttpMethod.Post, "/_emulator/accounts", JsonSerializer.Serialize(body ?? new { }))).AssertOk().Result;
        return new MadeAccount(
            answer.GetProperty("account").GetProperty("id").GetString()!,
            answer.GetProperty("zones").EnumerateArray().Select(z => (z.GetProperty("id").GetString()!, z.GetProperty("name").GetString()!)).ToList(),
            answer.GetProperty("token").GetProperty("value").GetString()!,
            answer.GetProperty("user").GetProperty("email").GetString()!,
            answer.GetProperty("user").GetProperty("key").GetString()!);
    }
}
