using System.Collections.Concurrent;
using System.Data;

namespace AddressMaps.Api.Maps;

/// <summary>The version of an account's map rows: the changes counted by the triggers on
/// address_maps (the AddressMapVersions and AddressMapVersionsNeverWait migrations say how),
/// summed over the account's rows, and their latest stamp. Every committed statement that wrote
/// map rows counted a change in its own transaction, whoever made it (any replica, the control
/// plane, a seed, SQL typed by hand), so two reads with the same version saw the same rows. A
/// change to a map's IPs or memberships moves its modified_at, so it writes the map row too.</summary>
public readonly record struct MapRowsVersion(long Changes, long Stamp)
{
    /// <summary>A few rows (as many as the account had writers counting at once), read by their
    /// primary key: its work does not grow with the account's maps (issue 13: the sums over every
    /// map row's xmin it replaces were 0.4 ms of PostgreSQL's CPU per list of 1,000 maps, about
    /// half of the list's database work).</summary>
    public const string Sql = """
        SELECT coalesce(sum(changes), 0)::bigint, coalesce(max(stamp), 0) FROM address_map_versions WHERE account_id = $1
        """;

    /// <summary>Read in the context's transaction when it has one.</summary>
    public static Task<MapRowsVersion> ReadAsync(AddressMapsDbContext db, string accountId, CancellationToken ct) =>
        Batch.ReadAsync(db, [Batch.Command(Sql, accountId)], async reader =>
        {
            await reader.ReadAsync(ct);
            return new MapRowsVersion(reader.GetInt64(0), reader.GetInt64(1));
        }, ct);
}

/// <summary>This process's copy of each account's whole list (no filter), as the bytes of its
/// answer, kept with the <see cref="MapRowsVersion"/> it was read at (issue 13: the list of 1,000
/// maps read and wrote 1,000 rows per request). A list first reads the version, one row: the copy
/// is served only when it was read at that very version, so the next request to any replica
/// sees every committed change, with no notification to wait for. A copy is made from a read in
/// one snapshot with its version (REPEATABLE READ), so it never pairs rows with a later version.
/// Bounded: past <see cref="MaxBytes"/> of answers put, it starts again empty.</summary>
public sealed class ListCache
{
    public const long MaxBytes = 64L * 1024 * 1024;

    private sealed record Entry(MapRowsVersion Version, byte[] Answer);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long bytes;

    /// <summary>The account's answer, through the copy when it is current; otherwise read in one
    /// snapshot with its version, written by <paramref name="write"/> and kept.</summary>
    public async Task<byte[]> AnswerAsync(AddressMapsDbContext db, string accountId, Func<IReadOnlyList<AddressMapSummary>, byte[]> write, CancellationToken ct)
    {
        if (entries.TryGetValue(accountId, out var kept) && kept.Version == await MapRowsVersion.ReadAsync(db, accountId, ct))
        {
            return kept.Answer;
        }

        MapRowsVersion version;
        List<AddressMapSummary> maps;
        await using (var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct))
        {
            version = await MapRowsVersion.ReadAsync(db, accountId, ct);
            maps = await AddressMapService.ListQuery(db, accountId, null, null).Select(Mapping.Summary).ToListAsync(ct);
            await tx.CommitAsync(ct);
        }

        var answer = write(maps);
        Put(accountId, new Entry(version, answer));
        return answer;
    }

    private void Put(string accountId, Entry entry)
    {
        if (Interlocked.Add(ref bytes, entry.Answer.Length) > MaxBytes)
        {
            entries.Clear();
            Interlocked.Exchange(ref bytes, entry.Answer.Length);
        }

        entries[accountId] = entry;
    }
}
