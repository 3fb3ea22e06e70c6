using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AddressMaps.Reliability;

/// <summary>One API process: <c>dotnet AddressMaps.Api.dll --urls http://127.0.0.1:PORT</c>, run
/// from the dll's folder, its output written to a log file.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _pumps;

    private ApiHost(Process process, int port, string logPath, StreamWriter log, Task pumps)
    {
        _process = process;
        Port = port;
        LogPath = logPath;
        _log = log;
        _pumps = pumps;
    }

    public int Port { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static async Task<ApiHost> StartAsync(Options options, string name)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(options.ApiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(options.ApiDll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.Environment["ConnectionStrings__AddressMaps"] = options.ConnectionString;
        psi.Environment["AddressMaps__RateLimit__Enabled"] = "false";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (options.SeedFile is not null)
        {
            psi.Environment["AddressMaps__SeedFile"] = options.SeedFile;
        }

        var logPath = Path.Combine(options.LogDir, $"api-{name}-{port}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        var pumps = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log));
        var host = new ApiHost(process, port, logPath, log, pumps);
        await host.WaitReadyAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    private static async Task Pump(StreamReader reader, StreamWriter log)
    {
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the API exited with status {_process.ExitCode} before answering; log: {LogPath}\n{Tail(30)}");
            }

            var req = new RawRequest { Method = "GET", Target = "/client/v4/user/tokens/verify"u8.ToArray() };
            var a = await RawHttp.SendAsync(Port, req, TimeSpan.FromSeconds(2));
            if (a.Status > 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new InvalidOperationException($"the API did not answer on port {Port} within {limit.TotalSeconds} s; log: {LogPath}");
    }

    public string Tail(int lines)
    {
        try
        {
            lock (_log)
            {
                _log.Flush();
            }

            using var fs = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var sr = new StreamReader(fs);
            var all = sr.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return "(log unreadable: " + e.Message + ")";
        }
    }

    /// <summary>Sends SIGTERM (what a container runtime or systemd sends).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits for the process to exit; false when it is still running after the limit.</summary>
    public async Task<bool> WaitExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Terminate();
            if (!await WaitExitAsync(TimeSpan.FromSeconds(15)))
            {
                _process.Kill(entireProcessTree: true);
                await WaitExitAsync(TimeSpan.FromSeconds(5));
            }
        }

        await Task.WhenAny(_pumps, Task.Delay(2000));
        lock (_log)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }
}
