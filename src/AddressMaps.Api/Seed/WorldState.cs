using System.Text.Json;
using AddressMaps.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace AddressMaps.Api.Seed;

/// <summary>The emulator's whole state as one service: read a seed document, load it (idempotent:
/// the same seed again changes nothing, and no user map is touched), reset to it, export the whole
/// state and replace it. Used at start-up, by the tests' reset and by the control plane. Every
/// operation is one transaction serialised across replicas by a PostgreSQL advisory lock, so a
/// reader on another connection sees the state before or after it, never a mix.</summary>
public sealed class WorldState(AddressMapsDbContext db, Clock clock, ILogger<WorldState> logger)
{
    public const string DemoSeedFile = "Seed/demo-seed.json";
    private const long AdvisoryLockKey = 0x4164_6472_4d61_7073; // "AddrMaps"
    private const string SeedInForce = "current";

    public static SeedDocument Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Seed file '{path}' not found. Set AddressMaps__SeedFile to an existing JSON seed document, or leave it empty for the demo seed.");
        }

        return Parse(File.ReadAllText(path), $"Seed file '{path}'");
    }

    public static SeedDocument Parse(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, SeedJsonContext.Default.SeedDocument)
                ?? throw new InvalidOperationException($"{what} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{what} is not a valid seed document: {e.Message}", e);
        }
    }

    public static string Serialize(SeedDocument document) => JsonSerializer.Serialize(document, SeedJsonContext.Default.SeedDocument);

    /// <summary>Upserts the seed's tenancy and identities, creates its maps when missing, and makes
    /// it the seed in force (stored with secrets as SHA-256 only).</summary>
    public Task LoadAsync(SeedDocument seed, CancellationToken ct) => InLockedTransactionAsync(seed, async () =>
    {
        await new SeedWriter(db, clock.Now()).WriteAsync(seed, ct);
        await StoreSeedAsync(seed, ct);
        return 0;
    }, "loaded", ct);

    /// <summary>Is <paramref name="seed"/> the seed in force, as stored (secrets hashed; the
    /// SHA-256 of the document as written is compared, not the document)? Then it was loaded
    /// before, and start-up need not load it again.</summary>
    public async Task<bool> IsInForceAsync(SeedDocument seed, CancellationToken ct)
    {
        var hash = Sha256(Serialize(SeedSecrets.Hashed(seed)));
        return await db.StoredDocuments.AnyAsync(d => d.Kind == StoredDocument.SeedKind && d.Name == SeedInForce && d.Sha256 == hash, ct);
    }

    /// <summary>Back to the seed in force: every map, rate-limit counter, and account, user or token
    /// the seed does not name goes (with everything under them, by the foreign keys' cascades);
    /// then the seed is loaded again, which recreates its managed maps.</summary>
    public Task<StateCounts> ResetAsync(CancellationToken ct) => ResetAsync(null, ct);

    /// <summary>The same for one account only: its maps go and its seeded maps come back; other
    /// accounts are untouched.</summary>
    public async Task<StateCounts> ResetAsync(string? accountId, CancellationToken ct)
    {
        var seed = await SeedInForceAsync(ct);
        StateCounts counts = new(0, 0, 0);
        await InLockedTransactionAsync(seed, async () =>
        {
            counts = await new StateReset(db).RemoveAsync(seed, accountId, ct);
            var only = accountId is null ? seed : new SeedDocument((seed.Accounts ?? []).Where(a => a.Id == accountId).ToList(), null, null);
            await new SeedWriter(db, clock.Now()).WriteAsync(only, ct);
            return 0;
        }, accountId is null ? "reset" : "reset for account " + accountId, ct);
        return counts;
    }

    /// <summary>Replaces the whole state with a state document (PUT /_emulator/state, a snapshot's
    /// restore), atomically. The seed in force stays as it was.</summary>
    public Task ReplaceAsync(SeedDocument state, CancellationToken ct) => InLockedTransactionAsync(state, async () =>
    {
        await new StateReset(db).RemoveEverythingAsync(ct);
        await new SeedWriter(db, clock.Now()).WriteAsync(state, ct);
        return 0;
    }, "replaced", ct);

    public Task<SeedDocument> ExportAsync(CancellationToken ct) => StateExport.BuildAsync(db, ct);

    /// <summary>The seed in force: the one loaded last (start-up or PUT /_emulator/seed).</summary>
    public async Task<SeedDocument> SeedInForceAsync(CancellationToken ct)
    {
        var stored = await db.StoredDocuments.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Kind == StoredDocument.SeedKind && d.Name == SeedInForce, ct);
        return stored is null ? new SeedDocument([], [], []) : Parse(stored.Document, "The stored seed");
    }

    private async Task StoreSeedAsync(SeedDocument seed, CancellationToken ct)
    {
        var json = Serialize(SeedSecrets.Hashed(seed));
        var hash = Sha256(json);
        var now = clock.Now();
        var maps = (seed.Accounts ?? []).Sum(a => (a.ManagedMaps?.Count ?? 0) + (a.Maps?.Count ?? 0));
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stored_documents (kind, name, document, created_at, maps, accounts, sha256)
            VALUES ({StoredDocument.SeedKind}, {SeedInForce}, {json}::jsonb, {now}, {maps}, {seed.Accounts?.Count ?? 0}, {hash})
            ON CONFLICT (kind, name) DO UPDATE SET document = excluded.document, created_at = excluded.created_at,
                maps = excluded.maps, accounts = excluded.accounts, sha256 = excluded.sha256
            """, ct);
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private async Task InLockedTransactionAsync(SeedDocument document, Func<Task<int>> change, string action, CancellationToken ct)
    {
        SeedValidation.Validate(document);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        await change();
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        // The planner's statistics, at once: a large seed or state document loaded in one
        // transaction would otherwise be planned as the empty tables it replaced until autovacuum
        // comes round (scripts/bench --scale: details read 300,000 IPs through). Milliseconds when small.
        await db.Database.ExecuteSqlRawAsync("ANALYZE address_maps, address_map_ips, address_map_memberships, zones, prefixes", ct);
        logger.LogInformation("State {Action}: {Accounts} accounts, {Users} users, {Tokens} tokens in the document",
            action, document.Accounts?.Count ?? 0, document.Users?.Count ?? 0, document.Tokens?.Count ?? 0);
    }
}

/// <summary>What a reset removed.</summary>
public sealed record StateCounts(int Maps, int Accounts, int RateLimitCounters);
