namespace AddressMaps.Tests.Auth;

/// <summary>Secrets never reach a log: not in the request line, not in an error report. The
/// host's Serilog logger writes to the console, so the test reads what the console received.</summary>
[Collection(WholeProcessCollection.Name)]
public sealed class SecretLoggingTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Credentials_of_accepted_and_refused_requests_never_appear_in_the_logs()
    {
        string logged;
        var badKey = "0123456789abcdef0123456789abcdef01234";
        var unknownToken = "Zz0123456789abcdefghijklmnopqrstuvwxyzAB";
        using (var console = CapturedConsole.OfHostLog())
        {
            await Api.GetAsync(CloudflareClient.Maps());
            await Api.As(Credentials.WriteToken).PostJsonAsync(CloudflareClient.Maps(), new { description = "logged?" });
            await Api.As(Credentials.ReadToken).DeleteAsync(CloudflareClient.Map("0123456789abcdef0123456789abcdef"));
            await Api.As(Credentials.GlobalKey(Demo.Email, badKey)).GetAsync(CloudflareClient.Maps());
            await Api.As(Credentials.Bearer(unknownToken)).GetAsync(CloudflareClient.Maps());
            await Api.As(Credentials.ExpiredToken).GetAsync("/client/v4/user/tokens/verify");

            // The console is written from a timer (GatheringSink): wait (bounded) for the last line.
            logged = await console.WaitForAsync(text => text.Contains("HTTP GET /client/v4/user/tokens/verify responded 403", StringComparison.Ordinal));
        }

        Assert.Contains("HTTP POST /client/v4/accounts/" + Demo.Account + "/addressing/address_maps responded 200", logged, StringComparison.Ordinal);
        Assert.Contains("HTTP GET /client/v4/user/tokens/verify responded 403", logged, StringComparison.Ordinal);
        foreach (var secret in new[] { Demo.GlobalKey, Demo.WriteToken, Demo.ReadToken, Demo.ExpiredToken, badKey, unknownToken })
        {
            Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        }
    }
}
