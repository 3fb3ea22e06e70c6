using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Seed;

public static class WorldStateStartup
{
    /// <summary>Reads the seed file, applies migrations, loads the seed unless it is in force (a
    /// bad seed fails the start before anything is written, and before the database's own error if
    /// both are wrong), each step with a progress line; prints what a user needs to start calling
    /// once the server listens.</summary>
    public static async Task InitializeWorldStateAsync(this WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<Readiness>();
        var options = app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value;
        var isDemoSeed = string.IsNullOrWhiteSpace(options.SeedFile);
        var file = SeedFile.Read(isDemoSeed ? DemoSeedPath : Path.GetFullPath(options.SeedFile!));

        await SeedFirstAsync(file, WhileDatabaseIsSlowAsync(app, services => MigrateAsync(app, services.GetRequiredService<AddressMapsDbContext>())));
        readiness.MigrationsApplied = true;
        await SeedFirstAsync(file, WhileDatabaseIsSlowAsync(app, services => LoadSeedAsync(app, services.GetRequiredService<WorldState>(), file)));
        readiness.SeedLoaded = true;

        // The banner lists the document's accounts and credentials: a small file is read for it (a
        // file in force that fails this version's checks fails the start, as any bad seed does); a
        // large one in force is not read at all (issue 13: parsing and checking the --scale seed's
        // 63 MB took 1.2 s, and beside the first requests delayed the first answer by 0.6-1 s).
        var seed = file.Length < LargeRequestMemory.Threshold || file.DocumentAsked ? await file.Document : null;
        file.Release();
        if (file.Length >= LargeRequestMemory.Threshold)
        {
            LargeRequestMemory.Collect(); // what reading a large seed took goes back to the system
        }

        app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app.Logger, seed, file.Path, options, isDemoSeed));
    }

    /// <summary>A step of the database's, unless it fails and the seed is bad too: the seed is the
    /// first thing to fix, and needs no database to be told.</summary>
    private static async Task SeedFirstAsync(SeedFile file, Task databaseStep)
    {
        try
        {
            await databaseStep;
        }
        catch (Exception e) when (e is not StartupException)
        {
            await file.Document;
            throw;
        }
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
    private static async Task LoadSeedAsync(WebApplication app, WorldState world, SeedFile file)
    {
        var clock = Stopwatch.StartNew();
        if (await world.LoadUnlessInForceAsync(file, CancellationToken.None))
        {
            app.Logger.LogInformation("Seed loaded: {SeedPath} ({Seconds:0.00} s)", file.Path, clock.Elapsed.TotalSeconds);
        }
        else
        {
            app.Logger.LogInformation("Seed unchanged: {SeedPath} is the seed in force, the state is kept as it was left ({Seconds:0.00} s)", file.Path, clock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>The seed document at <paramref name="path"/>, validated; a problem is a
    /// <see cref="StartupException"/> naming the file, every bad entry and what to do.</summary>
    public static SeedDocument ReadChecked(string path) => Checked(path, ReadBytes(path));

    /// <summary>The file's bytes; a file that is not there is a <see cref="StartupException"/>.</summary>
    public static byte[] ReadBytes(string path) => File.Exists(path)
        ? File.ReadAllBytes(path)
        : throw new StartupException($"seed file {path} does not exist; set AddressMaps__SeedFile to a seed document, or unset it for the built-in demo seed");

    /// <summary>The document in the bytes of the file at <paramref name="path"/>, validated.</summary>
    public static SeedDocument Checked(string path, byte[] bytes)
    {
        try
        {
            var seed = WorldState.Parse(bytes, "The document");
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
