using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Seed;

public static class WorldStateStartup
{
    /// <summary>Reads and checks the seed (before the database is touched: a bad seed fails at
    /// once), applies migrations, loads the seed, each step with a progress line; prints what a
    /// user needs to start calling once the server listens.</summary>
    public static async Task InitializeWorldStateAsync(this WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<Readiness>();
        var options = app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value;
        var isDemoSeed = string.IsNullOrWhiteSpace(options.SeedFile);
        var path = isDemoSeed ? DemoSeedPath : Path.GetFullPath(options.SeedFile!);
        var seed = ReadChecked(path);

        await WhileDatabaseIsSlowAsync(app, services => MigrateAsync(app, services.GetRequiredService<AddressMapsDbContext>()));
        readiness.MigrationsApplied = true;
        await WhileDatabaseIsSlowAsync(app, services => LoadSeedAsync(app, services.GetRequiredService<WorldState>(), seed, path));
        readiness.SeedLoaded = true;
        if (new FileInfo(path).Length >= LargeRequestMemory.Threshold)
        {
            LargeRequestMemory.Collect(); // what reading a large seed took goes back to the system
        }

        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app.Logger, seed, path, options, isDemoSeed));
    }

    /// <summary>How long a start waits for a PostgreSQL that does not answer. The 1 s connection
    /// timeout is for requests (a 503 rather than a hang); a start has no caller waiting, and on a
    /// busy machine (a cluster just created, a build just done) a first connection can take longer.</summary>
    public static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    /// <summary>Runs a step of the start in a scope of its own, again (in a fresh scope: nothing
    /// half-tracked is kept) while PostgreSQL does not answer in time, for up to
    /// <see cref="StartPatience"/>. A refused connection or any other error ends the start at once.
    /// Each step is one transaction or idempotent (migrations, a seed load).</summary>
    private static async Task WhileDatabaseIsSlowAsync(WebApplication app, Func<IServiceProvider, Task> step)
    {
        var waited = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            try
            {
                await step(scope.ServiceProvider);
                return;
            }
            catch (Exception e) when (StartupFailure.IsTimeout(e) && waited.Elapsed < StartPatience)
            {
                app.Logger.LogWarning("PostgreSQL did not answer in time; trying again (attempt {Attempt}, {Seconds:0} s waited of {Patience:0})",
                    attempt + 1, waited.Elapsed.TotalSeconds, StartPatience.TotalSeconds);
            }
        }
    }

    private static async Task MigrateAsync(WebApplication app, AddressMapsDbContext db)
    {
        var sinceProcessStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        var clock = Stopwatch.StartNew();
        _ = db.Model; // built once per process: timed apart from the database's part
        var model = clock.Elapsed;
        // Only a database that lacks a migration pays for MigrateAsync (its lock and model check).
        var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
        if (pending > 0)
        {
            await db.Database.MigrateAsync();
        }

        app.Logger.LogInformation("Migrations: {Pending} applied, database schema up to date ({Seconds:0.00} s: EF model {Model:0.00} s; host built {Host:0.00} s after the process started)",
            pending, clock.Elapsed.TotalSeconds, model.TotalSeconds, sinceProcessStart.TotalSeconds);
    }

    /// <summary>The same document as the one in force was loaded before: the state is kept as it
    /// was left (issue 13: a warm start no longer rewrites a large seed). A changed one is loaded.</summary>
    private static async Task LoadSeedAsync(WebApplication app, WorldState world, SeedDocument seed, string path)
    {
        var clock = Stopwatch.StartNew();
        if (await world.LoadUnlessInForceAsync(seed, CancellationToken.None))
        {
            app.Logger.LogInformation("Seed loaded: {SeedPath} ({Seconds:0.00} s)", path, clock.Elapsed.TotalSeconds);
        }
        else
        {
            app.Logger.LogInformation("Seed unchanged: {SeedPath} is the seed in force, the state is kept as it was left ({Seconds:0.00} s)", path, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>The seed document at <paramref name="path"/>, validated; a problem is a
    /// <see cref="StartupException"/> naming the file, every bad entry and what to do.</summary>
    public static SeedDocument ReadChecked(string path)
    {
        if (!File.Exists(path))
        {
            throw new StartupException($"seed file {path} does not exist; set AddressMaps__SeedFile to a seed document, or unset it for the built-in demo seed");
        }

        try
        {
            var seed = WorldState.Parse(File.ReadAllBytes(path), "The document");
            SeedValidation.Validate(seed);
            return seed;
        }
        catch (InvalidOperationException e)
        {
            var problem = e.InnerException is System.Text.Json.JsonException json
                ? "not a seed document: " + json.Message
                : e.Message.Replace("Invalid seed document:", "", StringComparison.Ordinal);
            throw new StartupException(
                $"invalid seed file {path}: {StartupFailure.OneLine(problem)}; fix it (README, 'Seed file'), or unset AddressMaps__SeedFile for the built-in demo seed", e);
        }
    }

    public static string DemoSeedPath => Path.Combine(AppContext.BaseDirectory, WorldState.DemoSeedFile);
}
