using AddressMaps.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Seed;

public static class WorldStateStartup
{
    /// <summary>Applies migrations, loads the seed (file or built-in demo) and prints what a
    /// user needs to start calling.</summary>
    public static async Task InitializeWorldStateAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var readiness = scope.ServiceProvider.GetRequiredService<Readiness>();
        await scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>().Database.MigrateAsync();
        readiness.MigrationsApplied = true;

        var options = scope.ServiceProvider.GetRequiredService<IOptions<AddressMapsOptions>>().Value;
        var isDemoSeed = string.IsNullOrWhiteSpace(options.SeedFile);
        var path = isDemoSeed ? DemoSeedPath : options.SeedFile!;
        var seed = WorldState.Read(path);
        await scope.ServiceProvider.GetRequiredService<WorldState>().LoadAsync(seed, CancellationToken.None);
        readiness.SeedLoaded = true;
        StartupBanner.Print(app.Logger, seed, path, options, isDemoSeed);
    }

    public static string DemoSeedPath => Path.Combine(AppContext.BaseDirectory, WorldState.DemoSeedFile);
}
