namespace AddressMaps.Tests.Unit;

/// <summary>The container's health check asks the process's own port: which one, from the
/// arguments and ASP.NET Core's variables, first match wins.</summary>
public sealed class HealthCheckModeTests
{
    [Theory]
    [InlineData("", null, null, 8780)]
    [InlineData("--urls http://127.0.0.1:5123", null, null, 5123)]
    [InlineData("--urls=http://+:9000", "http://*:1", null, 9000)]
    [InlineData("", "http://+:8780", null, 8780)]
    [InlineData("", "http://*:8781", null, 8781)]
    [InlineData("", "http://[::]:8782", null, 8782)]
    [InlineData("", "https://+:8443;http://localhost:8783/", null, 8783)]
    [InlineData("", "http://example.test", null, 80)]
    [InlineData("", null, "8080;8081", 8080)]
    [InlineData("", "", "bad", 8780)]
    [InlineData("--healthcheck --urls http://127.0.0.1:7001", "http://+:8780", "9999", 7001)]
    public void The_port_comes_from_urls_then_the_environment_then_the_default(string args, string? urls, string? ports, int expected) =>
        Assert.Equal(expected, HealthCheckMode.Port(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), urls, ports));

    [Fact]
    public async Task Without_the_flag_nothing_runs_and_with_it_a_closed_port_is_unhealthy()
    {
        Assert.Null(await HealthCheckMode.RunIfRequestedAsync(["--urls", "http://127.0.0.1:1"]));
        Assert.Equal(1, await HealthCheckMode.RunIfRequestedAsync(["--healthcheck", "--urls", "http://127.0.0.1:1"]));
    }
}
