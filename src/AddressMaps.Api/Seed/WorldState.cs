using System.Text.Json;

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

        return Parse(File.ReadAllBytes(path), $"Seed file '{path}'");
    }

    public static SeedDocument Parse(string json, string what) => Parse(() => JsonSerializer.Deserialize(json, SeedJsonContext.Default.SeedDocument), what);

    /// <summary>A file's bytes as they are: a large seed read as text was transcoded to UTF-8 in a
    /// buffer of the shared array pool, which kept it (64 MiB for scripts/bench --scale's seed).
    /// A byte order mark at the start is passed over, as File.ReadAllText does.</summary>
    public static SeedDocument Parse(byte[] utf8, string what) =>
        Parse(() => JsonSerializer.Deserialize(utf8.AsSpan(utf8.AsSpan().StartsWith(System.Text.Encoding.UTF8.Preamble) ? 3 : 0), SeedJsonContext.Default.SeedDocument), what);

    private static SeedDocument Parse(Func<SeedDocument?> deserialize, string what)
    {
        try
        {
            return deserialize() ?? throw new InvalidOperationException($"{what} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{what} is not a valid seed document: {e.Message}", e);
        }
    }

    /// <summary>The document as JSON, written into a buffer of its own that is collected with it
    /// (JsonSerializer.Serialize writes through a buffer of the shared array pool, which keeps a
    /// large one: 64 MiB after the --scale seed was stored).</summary>
    public static string Serialize(SeedDocument document) => System.Text.Encoding.UTF8.GetString(SerializeUtf8(document).WrittenSpan);

    /// <summary>The same JSON as UTF-8 bytes.</summary>
    private static System.Buffers.ArrayBufferWriter<byte> SerializeUtf8(SeedDocument document)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var options = SeedJsonContext.Default.Options;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, IndentCharacter = options.IndentCharacter, IndentSize = options.IndentSize, NewLine = options.NewLine }))
        {
            JsonSerializer.Serialize(writer, document, SeedJsonContext.Default.SeedDocument);
        }

        return buffer;
    }

    /// <summary>Upserts the seed's tenancy and identities, creates its maps when missing, and makes
    /// it the seed in force (stored with secrets as SHA-256 only).</summary>
    public Task LoadAsync(SeedDocument seed, CancellationToken ct) => LoadAsync(seed, StoredText.Of(seed), fileSha256: null, ct);

    /// <summary>Start-up's load of a seed file. Nothing is done when the file is, byte for byte, the
    /// one whose document is the seed in force: its SHA-256 is compared, and the document is not
    /// waited for (issue 13: parsing, checking and digesting the --scale seed's 63 MB took 1.7 s of
    /// a 3.1 s warm start). Else, when its document is the seed in force (the SHA-256 of the
    /// document as stored is compared, not the document), the file is recorded as its source and
    /// nothing else changes; else <see cref="LoadAsync(SeedDocument, CancellationToken)"/>.
    /// Answers whether it loaded.</summary>
    public async Task<bool> LoadUnlessInForceAsync(SeedFile file, CancellationToken ct)
    {
        // One statement by hand: EF compiled its LINQ query here, on first use, 0.3 s of a warm start (issue 13).
        var (fileInForce, storedSha256) = await Batch.ReadAsync<(bool, string?)>(db,
            [Batch.Command("SELECT file_sha256 IS NOT DISTINCT FROM $3, sha256 FROM stored_documents WHERE kind = $1 AND name = $2", StoredDocument.SeedKind, SeedInForce, file.Sha256)],
            async reader => await reader.ReadAsync(ct) ? (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : (false, null), ct);
        if (fileInForce)
        {
            return false;
        }

        var seed = await file.Document;
        var text = StoredText.Of(seed);
        if (text.Sha256 == storedSha256)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE stored_documents SET file_sha256 = {file.Sha256} WHERE kind = {StoredDocument.SeedKind} AND name = {SeedInForce}", ct);
            return false;
        }

        await LoadAsync(seed, text, file.Sha256, ct);
        return true;
    }

    private Task LoadAsync(SeedDocument seed, StoredText text, string? fileSha256, CancellationToken ct)
    {
        SeedValidation.Validate(seed);
        return InLockedTransactionAsync(async () =>
        {
            await new SeedWriter(db, clock.Now()).WriteAsync(seed, ct);
            await StoreSeedAsync(seed, text, fileSha256, ct);
            return seed;
        }, "loaded", ct);
    }

    /// <summary>Back to the seed in force: every map, rate-limit counter, and account, user or token
    /// the seed does not name goes (with everything under them, by the foreign keys' cascades);
    /// then the seed is loaded again, which recreates its managed maps.</summary>
    public Task<StateCounts> ResetAsync(CancellationToken ct) => ResetAsync(null, ct);

    /// <summary>The same for one account only: its maps go and its seeded maps come back; other
    /// accounts are untouched.</summary>
    public async Task<StateCounts> ResetAsync(string? accountId, CancellationToken ct)
    {
        StateCounts counts = new(0, 0, 0);
        await InLockedTransactionAsync(async () =>
        {
            // Read under the lock, so that a seed being loaded by another replica is not half-applied.
            var seed = await SeedInForceAsync(ct);
            counts = await new StateReset(db).RemoveAsync(seed, accountId, ct);
            var only = accountId is null ? seed : new SeedDocument((seed.Accounts ?? []).Where(a => a.Id == accountId).ToList(), null, null);
            await new SeedWriter(db, clock.Now()).WriteAsync(only, ct);
            return only;
        }, accountId is null ? "reset" : "reset for account " + accountId, ct);
        return counts;
    }

    /// <summary>Replaces the whole state with a state document (PUT /_emulator/state, a snapshot's
    /// restore), atomically. The seed in force stays as it was.</summary>
    public Task ReplaceAsync(SeedDocument state, CancellationToken ct)
    {
        SeedValidation.Validate(state);
        return InLockedTransactionAsync(async () =>
        {
            await new StateReset(db).RemoveEverythingAsync(ct);
            await new SeedWriter(db, clock.Now()).WriteAsync(state, ct);
            return state;
        }, "replaced", ct);
    }

    /// <summary>The whole state as one document, read from one snapshot (<see cref="Consistent"/>).</summary>
    public Task<SeedDocument> ExportAsync(CancellationToken ct) => Consistent.ReadAsync(db, () => StateExport.BuildAsync(db, ct), ct);

    /// <summary>The seed in force: the one loaded last (start-up or PUT /_emulator/seed).</summary>
    public async Task<SeedDocument> SeedInForceAsync(CancellationToken ct)
    {
        var stored = await Consistent.ReadAsync(db, () => db.StoredDocuments.AsNoTracking()
            .SingleOrDefaultAsync(d => d.Kind == StoredDocument.SeedKind && d.Name == SeedInForce, ct), ct);
        return stored is null ? new SeedDocument([], [], []) : Parse(stored.Document, "The stored seed");
    }

    /// <summary>The seed in force, with the SHA-256 of the file it was read from (null when it came
    /// from the control plane).</summary>
    private async Task StoreSeedAsync(SeedDocument seed, StoredText text, string? fileSha256, CancellationToken ct)
    {
        var now = clock.Now();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stored_documents (kind, name, document, created_at, maps, accounts, sha256, file_sha256)
            VALUES ({StoredDocument.SeedKind}, {SeedInForce}, {text.Json}::jsonb, {now}, {MapCount(seed)}, {seed.Accounts?.Count ?? 0}, {text.Sha256}, {fileSha256})
            ON CONFLICT (kind, name) DO UPDATE SET document = excluded.document, created_at = excluded.created_at,
                maps = excluded.maps, accounts = excluded.accounts, sha256 = excluded.sha256, file_sha256 = excluded.file_sha256
            """, ct);
    }

    private static int MapCount(SeedDocument document) => (document.Accounts ?? []).Sum(a => (a.ManagedMaps?.Count ?? 0) + (a.Maps?.Count ?? 0));

    /// <summary>A seed as stored (secrets as SHA-256 only) and its SHA-256. The text is made only
    /// when the seed is stored: a start whose seed is in force needs the digest alone (issue 13:
    /// the --scale seed's 63 MB went from bytes to text and back to bytes for it).</summary>
    private sealed class StoredText(System.Buffers.ArrayBufferWriter<byte> utf8)
    {
        public string Sha256 { get; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(utf8.WrittenSpan));

        public string Json => System.Text.Encoding.UTF8.GetString(utf8.WrittenSpan);

        public static StoredText Of(SeedDocument seed) => new(SerializeUtf8(SeedSecrets.Hashed(seed)));
    }

    /// <summary>Documents with at least this many maps get fresh planner statistics once loaded.</summary>
    private const int AnalyzeFromMaps = 1000;

    /// <summary>Runs <paramref name="change"/>, which answers the document it applied, in one
    /// transaction under the advisory lock.</summary>
    private async Task InLockedTransactionAsync(Func<Task<SeedDocument>> change, string action, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        var document = await change();
        // The planner's statistics, at once: a large seed or state document loaded in one
        // transaction would otherwise be planned as the empty tables it replaced until autovacuum
        // comes round (scripts/bench --scale: details read 300,000 IPs through). Not for the small
        // documents of everyday resets, which tests call before each test. In the transaction, so
        // on its connection (Consistent says why).
        if (MapCount(document) >= AnalyzeFromMaps)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE address_maps, address_map_ips, address_map_memberships, zones, prefixes", ct);
        }

        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        logger.LogInformation("State {Action}: {Accounts} accounts, {Users} users, {Tokens} tokens in the document",
            action, document.Accounts?.Count ?? 0, document.Users?.Count ?? 0, document.Tokens?.Count ?? 0);
    }
}

/// <summary>What a reset removed.</summary>
public sealed record StateCounts(int Maps, int Accounts, int RateLimitCounters);
