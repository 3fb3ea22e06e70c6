using AddressMaps.Reliability;

// The reliability suite (issue 7): hostile input, two replicas, database outage, shutdown.
// Prints figures per check and, last, "N passed, M failed" (checks); exits 1 if any failed.
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    Console.Error.WriteLine("usage: AddressMaps.Reliability --api-dll PATH [--connection-string CS] [--pg-stop CMD --pg-start CMD] [--short] [--seed N] [--checks hostile,replicas,outage,shutdown] [--hostile-count N] [--replicas-seconds S] [--seed-file PATH] [--log-dir DIR]");
    return 2;
}

var seed = DemoSeed.Load(options);
using var api = new Api(seed);
Console.WriteLine($"reliability suite: {(options.Short ? "short" : "full")} mode, seed {options.Seed}, checks {string.Join(", ", options.Checks)}; API logs in {options.LogDir}");
var reports = new List<Report>();
ApiHost? first = null, second = null;

async Task<Report> Run(string name, Func<Report, Task> body)
{
    var report = new Report(name);
    var sw = System.Diagnostics.Stopwatch.StartNew();
    if (!options.Checks.Contains(name))
    {
        return report;
    }

    Console.WriteLine($"running {name}…");
    try
    {
        await body(report);
    }
    catch (Exception e)
    {
        report.Anomaly($"the check itself failed: {e.GetType().Name}: {e.Message}");
        report.Note($"the check itself failed: {e}");
    }

    report.Note($"duration: {sw.Elapsed.TotalSeconds:0.0} s");
    reports.Add(report);
    report.Print();
    return report;
}

try
{
    await Run("hostile", async r =>
    {
        first ??= await ApiHost.StartAsync(options, "a");
        await new HostileCheck(options, seed, api).RunAsync(first, r);
        if (first.HasExited)
        {
            r.Anomaly($"the API process exited during the hostile check (status {first.ExitCode})");
        }
    });
    await Run("replicas", async r =>
    {
        first ??= await ApiHost.StartAsync(options, "a");
        second ??= await ApiHost.StartAsync(options, "b");
        await new ReplicasCheck(options, seed, api).RunAsync(first, second, r);
    });
    await Run("outage", async r =>
    {
        if (options.PgStop is null || options.PgStart is null)
        {
            r.Skipped = "no --pg-stop/--pg-start commands given (the suite does not own the database server)";
            return;
        }

        first ??= await ApiHost.StartAsync(options, "a");
        await new OutageCheck(options, seed, api).RunAsync(first, r);
    });
    await Run("shutdown", r => new ShutdownCheck(options, seed, api).RunAsync(r));
}
finally
{
    if (second is not null)
    {
        await second.DisposeAsync();
    }

    if (first is not null)
    {
        await first.DisposeAsync();
    }
}

var passed = reports.Count(r => r.Passed);
var failed = reports.Count(r => r.Skipped is null && !r.Passed);
var skipped = reports.Where(r => r.Skipped is not null).Select(r => r.Name).ToList();
Console.WriteLine();
Console.WriteLine($"requests sent: {reports.Sum(r => r.Requests)}; anomalies found: {reports.Sum(r => r.AnomalyCount)}{(skipped.Count > 0 ? "; skipped: " + string.Join(", ", skipped) : "")}");
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
