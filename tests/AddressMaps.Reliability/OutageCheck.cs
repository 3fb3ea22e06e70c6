using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace AddressMaps.Reliability;

/// <summary>PostgreSQL stopped under load for a few seconds: 503 envelopes in under 1 s while it
/// is down, recovery on its own, every acknowledged write in the database, none half-applied.</summary>
public sealed class OutageCheck(Options options, DemoSeed seed, Api api)
{
    private sealed record Op(int Client, string Kind, string Key, string? MapId, DateTime Start, DateTime End, Answer Answer);

    private readonly ConcurrentBag<Op> _ops = [];

    public async Task RunAsync(ApiHost host, Report report)
    {
        var target = await api.CreateMapAsync(host, "{\"description\":\"outage target\",\"enabled\":false}");
        var v6 = seed.V6Prefixes[0];
        var timeline = new DateTime[4]; // stop begun, stop done, start begun, start done
        using var stopLoad = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var recovered = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var outageOver = false;

        async Task Client(int c)
        {
            var seq = 0;
            while (!stopLoad.IsCancellationRequested && seq < 20000)
            {
                seq++;
                var roll = seq % 4;
                var start = DateTime.UtcNow;
                Answer a;
                string kind, key;
                string? mapId = null;
                if (roll == 0)
                {
                    kind = "read";
                    key = "";
                    a = await api.SendAsync(host, HttpMethod.Get, api.MapsPath, timeout: TimeSpan.FromSeconds(10));
                }
                else if (roll == 1)
                {
                    kind = "create";
                    key = $"outage-{c}-{seq}";
                    var ips = Enumerable.Range(0, 3).Select(k => $"\"{DemoSeed.Nth(v6, 0x50000000L + (c * 1_000_000L) + (seq * 4L) + k)}\"");
                    a = await api.SendAsync(host, HttpMethod.Post, api.MapsPath, $"{{\"description\":\"{key}\",\"ips\":[{string.Join(',', ips)}]}}", timeout: TimeSpan.FromSeconds(10));
                    if (a.Status == 200)
                    {
                        using var doc = JsonDocument.Parse(a.Body);
                        mapId = doc.RootElement.GetProperty("result").GetProperty("id").GetString();
                    }
                }
                else
                {
                    kind = "put ip";
                    key = DemoSeed.Nth(v6, 0x60000000L + (c * 1_000_000L) + seq);
                    a = await api.SendAsync(host, HttpMethod.Put, $"{api.MapsPath}/{target}/ips/{key}", useKey: c % 2 == 0, timeout: TimeSpan.FromSeconds(10));
                }

                var end = DateTime.UtcNow;
                report.Count(a);
                _ops.Add(new Op(c, kind, key, mapId, start, end, a));
                if (a.Status == 200 && Volatile.Read(ref outageOver))
                {
                    recovered.TrySetResult(end);
                }

                if (a.Status != 200)
                {
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }

        var clients = Enumerable.Range(0, 8).Select(c => Task.Run(() => Client(c))).ToList();
        string? stopError = null, startError = null;
        var recoveredAt = DateTime.MinValue;
        try
        {
            await Task.Delay(3000);
            timeline[0] = DateTime.UtcNow;
            stopError = await ShellAsync(options.PgStop!);
            timeline[1] = DateTime.UtcNow;
            await Task.Delay(options.OutageDuration);
        }
        finally
        {
            timeline[2] = DateTime.UtcNow;
            startError = await ShellAsync(options.PgStart!);
            timeline[3] = DateTime.UtcNow;
            Volatile.Write(ref outageOver, true);
        }

        var done = await Task.WhenAny(recovered.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        if (done == recovered.Task)
        {
            recoveredAt = recovered.Task.Result;
            await Task.Delay(3000);
        }

        await stopLoad.CancelAsync();
        await Task.WhenAll(clients);

        if (stopError is not null)
        {
            report.Anomaly("the --pg-stop command failed: " + stopError);
        }

        if (startError is not null)
        {
            report.Anomaly("the --pg-start command failed: " + startError);
        }

        if (recoveredAt == DateTime.MinValue)
        {
            report.Anomaly("service did not resume within 30 s of PostgreSQL's start");
        }

        Judge(timeline, report);
        await CheckWritesAsync(report);
        var during = _ops.Count(o => o.Start >= timeline[1] && o.End <= timeline[2]);
        report.Note($"PostgreSQL down from the stop command ({(timeline[1] - timeline[0]).TotalSeconds:0.0} s) to the start command, {(timeline[2] - timeline[1]).TotalSeconds:0.0} s; start took {(timeline[3] - timeline[2]).TotalSeconds:0.0} s");
        report.Note($"requests wholly inside the outage: {during}, slowest {(_ops.Where(o => o.Start >= timeline[1] && o.Start < timeline[2]).Select(o => o.Answer.Elapsed.TotalMilliseconds).DefaultIfEmpty(0).Max()):0} ms");
        report.Note(recoveredAt == DateTime.MinValue ? "recovery: none" : $"recovery: first 200 {(recoveredAt - timeline[3]).TotalSeconds:0.00} s after PostgreSQL was up again");
    }

    private void Judge(DateTime[] t, Report report)
    {
        var describedRetry = 0;
        foreach (var op in _ops.OrderBy(o => o.Start))
        {
            var a = op.Answer;
            var what = $"{op.Kind} at {op.Start:HH:mm:ss.fff} (client {op.Client})";
            if (a.Status == 0)
            {
                report.Anomaly($"{what}: {a.Describe()}", "no answer");
                continue;
            }

            if (EnvelopeCheck.Problem(a) is { } p)
            {
                report.Anomaly($"{what}: not the envelope ({p}): {a.Describe()}");
                continue;
            }

            if (a.Status >= 500 && a.Status != 503)
            {
                report.Anomaly($"{what}: {a.Status} while PostgreSQL was {(op.Start >= t[0] && op.Start < t[3] ? "down" : "up")} (expected 503 during the outage): {a.Describe()}", $"{a.Status} while PostgreSQL was {(op.Start >= t[0] && op.Start < t[3] ? "down" : "up")}");
                continue;
            }

            if (a.Status == 503 && a.Header("Retry-After") != "1" && describedRetry++ < 3)
            {
                report.Anomaly($"{what}: 503 without Retry-After: 1 (got '{a.Header("Retry-After") ?? "(none)"}')");
            }

            var inside = op.Start >= t[1] && op.Start < t[2];
            if (inside && a.Elapsed > TimeSpan.FromSeconds(1))
            {
                report.Anomaly($"{what}: took {a.Elapsed.TotalMilliseconds:0} ms while PostgreSQL was down (limit 1 s): {a.Status}", "slower than 1 s during the outage");
            }

            if (inside && op.End <= t[2] && a.Status is not 503)
            {
                report.Anomaly($"{what}: {a.Status} while PostgreSQL was down (expected 503): {a.Describe()}", $"{a.Status} instead of 503");
            }

            if (op.Start >= t[3].AddSeconds(15) && a.Status != 200)
            {
                report.Anomaly($"{what}: {a.Status} 15 s after PostgreSQL was back: {a.Describe()}");
            }
        }
    }

    private async Task CheckWritesAsync(Report report)
    {
        await using var db = await DbState.OpenAsync(options.ConnectionString);
        var ips = (await DbState.QueryAsync(db, "SELECT host(ip) FROM address_map_ips")).Select(r => (string)r[0]!).ToHashSet();
        var maps = (await DbState.QueryAsync(db,
                "SELECT m.id, m.description, (SELECT count(*) FROM address_map_ips i WHERE i.address_map_id = m.id) FROM address_maps m WHERE m.description LIKE 'outage-%'"))
            .Select(r => (Id: (string)r[0]!, Description: (string)r[1]!, Ips: (long)r[2]!)).ToList();
        int acked = 0, missing = 0;
        foreach (var op in _ops.Where(o => o.Answer.Status == 200))
        {
            if (op.Kind == "put ip")
            {
                acked++;
                if (!ips.Contains(op.Key))
                {
                    missing++;
                    report.Anomaly($"acknowledged PUT of IP {op.Key} at {op.Start:HH:mm:ss.fff} is not in the database");
                }
            }
            else if (op.Kind == "create")
            {
                acked++;
                if (!maps.Any(m => m.Id == op.MapId && m.Description == op.Key))
                {
                    missing++;
                    report.Anomaly($"acknowledged create '{op.Key}' (map {op.MapId}) at {op.Start:HH:mm:ss.fff} is not in the database");
                }
            }
        }

        foreach (var m in maps.Where(m => m.Ips != 3))
        {
            report.Anomaly($"half-applied create: map {m.Id} '{m.Description}' holds {m.Ips} of its 3 IPs");
        }

        foreach (var dup in maps.GroupBy(m => m.Description).Where(g => g.Count() > 1))
        {
            report.Anomaly($"create '{dup.Key}' was applied {dup.Count()} times");
        }

        report.Note($"acknowledged writes: {acked}, missing from the database: {missing}; outage-created maps in the database: {maps.Count}, half-applied: {maps.Count(m => m.Ips != 3)}");
    }

    /// <summary>Runs a shell command; null when it succeeded, else its output.</summary>
    private static async Task<string?> ShellAsync(string command)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            return $"'{command}' did not finish within 120 s";
        }

        return p.ExitCode == 0 ? null : $"'{command}' exited with {p.ExitCode}: {(await output + await error).Trim()}";
    }
}
