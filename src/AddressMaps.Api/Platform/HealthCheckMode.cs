namespace AddressMaps.Api.Platform;

/// <summary><c>dotnet AddressMaps.Api.dll --healthcheck</c>: asks this binary's own port for
/// <c>/_emulator/ready</c> and exits 0 on HTTP 200, 1 otherwise (EMULATOR.md §1), so a
/// container's HEALTHCHECK needs no curl. Program.cs runs it before anything else.</summary>
public static class HealthCheckMode
{
    public const string Flag = "--healthcheck";
    public const int DefaultPort = 8780;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The exit code when <c>--healthcheck</c> is among <paramref name="args"/>
    /// (one line printed), otherwise null: start the API as usual.</summary>
    public static async Task<int?> RunIfRequestedAsync(string[] args)
    {
        if (!args.Contains(Flag, StringComparer.Ordinal))
        {
            return null;
        }

        var port = Port(args, Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        var url = $"http://127.0.0.1:{port}/_emulator/ready";
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(url);
            var ready = response.StatusCode == System.Net.HttpStatusCode.OK;
            Console.WriteLine($"{(ready ? "ready" : "not ready")}: HTTP {(int)response.StatusCode} from {url}");
            return ready ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            var why = e is TaskCanceledException ? $"no answer within {Timeout.TotalSeconds:0} s" : e.Message;
            Console.WriteLine($"not ready: {why} ({url})");
            return 1;
        }
    }

    /// <summary>The port the API listens on, as ASP.NET Core chooses it: <c>--urls</c> (or
    /// <c>--urls=</c>) on the command line, else <c>ASPNETCORE_URLS</c>, else the first of
    /// <c>ASPNETCORE_HTTP_PORTS</c>, else 8780. Of a URL list the first <c>http://</c> entry
    /// counts; <c>http://+:8780</c>, <c>http://*:8780</c>, <c>http://[::]:8780</c> all give 8780,
    /// an http URL without a port gives 80. Pure, for unit tests.</summary>
    public static int Port(IReadOnlyList<string> args, string? aspnetcoreUrls, string? aspnetcoreHttpPorts)
    {
        string? urls = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--urls" && i + 1 < args.Count)
            {
                urls = args[i + 1];
            }
            else if (args[i].StartsWith("--urls=", StringComparison.Ordinal))
            {
                urls = args[i]["--urls=".Length..];
            }
        }

        urls ??= aspnetcoreUrls;
        if (!string.IsNullOrWhiteSpace(urls))
        {
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (HttpPort(url) is { } port)
                {
                    return port;
                }
            }
        }

        var first = aspnetcoreHttpPorts?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return int.TryParse(first, out var httpPort) && httpPort is > 0 and <= 65535 ? httpPort : DefaultPort;
    }

    /// <summary>The port of one <c>http://host[:port][/path]</c> URL (any host spelling,
    /// <c>+</c> and <c>*</c> included, which <see cref="Uri"/> refuses); null for other schemes
    /// or a port that is not a number.</summary>
    private static int? HttpPort(string url)
    {
        const string scheme = "http://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var authority = url[scheme.Length..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        var colon = authority.LastIndexOf(':');
        if (colon < 0 || colon < authority.LastIndexOf(']'))
        {
            return 80;
        }

        return int.TryParse(authority[(colon + 1)..], out var port) && port is > 0 and <= 65535 ? port : null;
    }
}
