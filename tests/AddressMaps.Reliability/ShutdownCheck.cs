using System.Diagnostics;
using System.Text;

namespace AddressMaps.Reliability;

/// <summary>SIGTERM with requests in flight: they complete, the process exits 0 within the timeout.</summary>
public sealed class ShutdownCheck(Options options, DemoSeed seed, Api api)
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(15); // shutdown timeout 10 s + start-up slack

    public async Task RunAsync(Report report)
    {
        await using var host = await ApiHost.StartAsync(options, "shutdown");
        var run = Guid.NewGuid().ToString("N")[..8];
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = new List<Task<(string Key, Answer Answer)>>();
        for (var i = 0; i < 6; i++)
        {
            var key = $"shutdown-{run}-{i}";
            var body = Encoding.UTF8.GetBytes($"{{\"description\":\"{key}\",\"enabled\":false,\"ips\":[\"{DemoSeed.Nth(seed.V6Prefixes[0], 0x70000000L + i)}\"]}}");
            var req = new RawRequest
            {
                Method = "POST",
                Target = Encoding.ASCII.GetBytes("/" + api.MapsPath),
                Body = body,
                Kind = "slow create",
                // Half the body before SIGTERM, the rest 1.5 s after it.
                MidBodyGate = async () =>
                {
                    await terminated.Task;
                    await Task.Delay(1500);
                },
            };
            req.Header("Authorization", "Bearer " + seed.WriteToken);
            req.Header("Content-Type", "application/json");
            inFlight.Add(Task.Run(async () => (key, await RawHttp.SendAsync(host.Port, req, TimeSpan.FromSeconds(20)))));
        }

        // Well-formed reads in flight at the same moment.
        var reads = Enumerable.Range(0, 4).Select(_ => api.SendAsync(host, HttpMethod.Get, api.MapsPath)).ToList();
        await Task.Delay(500);
        var sw = Stopwatch.StartNew();
        host.Terminate();
        terminated.SetResult();

        var results = await Task.WhenAll(inFlight);
        var readAnswers = await Task.WhenAll(reads);
        var exited = await host.WaitExitAsync(ExitLimit);
        var exitTime = sw.Elapsed;
        foreach (var (key, a) in results)
        {
            report.Count(a);
            if (a.Status != 200 || EnvelopeCheck.Problem(a) is not null)
            {
                report.Anomaly($"in-flight create '{key}' (body completed 1.5 s after SIGTERM): {a.Describe()}");
            }
        }

        foreach (var a in readAnswers)
        {
            report.Count(a);
            if (a.Status != 200)
            {
                report.Anomaly($"in-flight read at SIGTERM: {a.Describe()}");
            }
        }

        if (!exited)
        {
            report.Anomaly($"the API was still running {ExitLimit.TotalSeconds} s after SIGTERM");
        }
        else if (host.ExitCode != 0)
        {
            report.Anomaly($"the API exited with status {host.ExitCode} after SIGTERM (expected 0); log tail:\n{host.Tail(15)}");
        }

        await using var db = await DbState.OpenAsync(options.ConnectionString);
        var stored = (await DbState.QueryAsync(db, "SELECT description FROM address_maps WHERE description LIKE $1", $"shutdown-{run}-%"))
            .Select(r => (string)r[0]!).ToHashSet();
        foreach (var (key, a) in results.Where(r => r.Answer.Status == 200))
        {
            if (!stored.Contains(key))
            {
                report.Anomaly($"in-flight create '{key}' answered 200 but is not in the database");
            }
        }

        report.Note($"6 slow creates in flight at SIGTERM (half their body sent before it, the rest 1.5 s after) and 4 reads sent 0.5 s before it; {results.Count(r => r.Answer.Status == 200)} creates answered 200; exit {(exited ? $"status {host.ExitCode} after {exitTime.TotalSeconds:0.0} s" : "none")}");
    }
}
