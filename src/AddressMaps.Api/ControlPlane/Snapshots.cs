using System.Text.RegularExpressions;
using AddressMaps.Api.Seed;

namespace AddressMaps.Api.ControlPlane;

/// <summary>Named copies of the whole state, kept in PostgreSQL (they survive restarts and are
/// shared by replicas); a restore is one transaction.</summary>
public sealed partial class Snapshots(AddressMapsDbContext db, WorldState world, Clock clock)
{
    /// <summary>The state is read and stored in one transaction (<see cref="Consistent"/>).</summary>
    public async Task<SnapshotSummary> SaveAsync(string? name, CancellationToken ct)
    {
        var valid = ValidName(name);
        await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var state = await world.ExportAsync(ct);
        var json = WorldState.Serialize(state);
        var now = clock.Now();
        var maps = (state.Accounts ?? []).Sum(a => a.Maps?.Count ?? 0);
        var accounts = state.Accounts?.Count ?? 0;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stored_documents (kind, name, document, created_at, maps, accounts)
            VALUES ({StoredDocument.SnapshotKind}, {valid}, {json}::jsonb, {now}, {maps}, {accounts})
            ON CONFLICT (kind, name) DO UPDATE SET document = excluded.document, created_at = excluded.created_at,
                maps = excluded.maps, accounts = excluded.accounts
            """, ct);
        await tx.CommitAsync(ct);
        return new SnapshotSummary(valid, Text.Timestamp(now), maps, accounts);
    }

    /// <summary>Names and counts only: the documents stay in the database.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(CancellationToken ct) => await Consistent.ReadAsync(db, async () =>
        (await db.StoredDocuments.AsNoTracking().Where(d => d.Kind == StoredDocument.SnapshotKind).OrderBy(d => d.Name)
            .Select(d => new { d.Name, d.CreatedAt, d.Maps, d.Accounts }).ToListAsync(ct))
            .Select(d => new SnapshotSummary(d.Name, Text.Timestamp(d.CreatedAt), d.Maps, d.Accounts)).ToList(), ct);

    public async Task<SnapshotSummary> RestoreAsync(string name, CancellationToken ct)
    {
        var stored = await Consistent.ReadAsync(db, () => db.StoredDocuments.AsNoTracking().SingleOrDefaultAsync(d => d.Kind == StoredDocument.SnapshotKind && d.Name == name, ct), ct)
            ?? throw NotFound(name);
        await world.ReplaceAsync(WorldState.Parse(stored.Document, $"Snapshot '{name}'"), ct);
        return new SnapshotSummary(stored.Name, Text.Timestamp(stored.CreatedAt), stored.Maps, stored.Accounts);
    }

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        var deleted = await db.StoredDocuments.Where(d => d.Kind == StoredDocument.SnapshotKind && d.Name == name).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            throw NotFound(name);
        }
    }

    public static ApiException NotFound(string name) => Errors.NotFound.With($"snapshot '{Text.Shorten(name)}' does not exist");

    private static string ValidName(string? name) => name is not null && NamePattern().IsMatch(name) ? name
        : throw Errors.InvalidDocument.With($"name: '{Text.Shorten(name ?? "")}' is not a snapshot name ([A-Za-z0-9._-], 1 to 64 characters)");

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}
