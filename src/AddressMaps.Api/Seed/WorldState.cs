using System.Text.Json;
using AddressMaps.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace AddressMaps.Api.Seed;

/// <summary>The emulator's whole state as one service: read a seed document, load it (idempotent:
/// the same seed again changes nothing, and no user map is touched), and reset to it. Used at
/// start-up, by the tests' reset and by the control plane. Serialised across replicas with a
/// PostgreSQL advisory lock, each operation one transaction.</summary>
public sealed class WorldState(AddressMapsDbContext db, Clock clock, ILogger<WorldState> logger)
{
    public const string DemoSeedFile = "Seed/demo-seed.json";
    private const long AdvisoryLockKey = 0x4164_6472_4d61_7073; // "AddrMaps"

    public static SeedDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Seed file '{path}' not found. Set AddressMaps__SeedFile to an existing JSON seed document, or leave it empty for the demo seed.");
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), SeedJsonContext.Default.SeedDocument)
                ?? throw new InvalidOperationException($"Seed file '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"Seed file '{path}' is not a valid seed document: {e.Message}", e);
        }
    }

    /// <summary>Upserts the seed's tenancy and identities and creates its managed maps when missing.</summary>
    public Task LoadAsync(SeedDocument seed, CancellationToken ct) => InLockedTransactionAsync(seed, reset: false, ct);

    /// <summary>Back to the seed: every map (user-made and managed) and rate-limit counter goes,
    /// then the seed is loaded, which recreates the managed maps. Map rows cascade to their IPs
    /// and memberships, so no list of tables is kept here.</summary>
    public Task ResetAsync(SeedDocument seed, CancellationToken ct) => InLockedTransactionAsync(seed, reset: true, ct);

    private async Task InLockedTransactionAsync(SeedDocument seed, bool reset, CancellationToken ct)
    {
        SeedValidation.Validate(seed);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        if (reset)
        {
            await db.AddressMaps.ExecuteDeleteAsync(ct);
            await db.RateLimitCounters.ExecuteDeleteAsync(ct);
        }

        var writer = new SeedWriter(db, clock.Now());
        await writer.WriteAsync(seed, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        logger.LogInformation("Seed {Action}: {Accounts} accounts, {Users} users, {Tokens} tokens",
            reset ? "reset" : "loaded", seed.Accounts?.Count ?? 0, seed.Users?.Count ?? 0, seed.Tokens?.Count ?? 0);
    }
}
