using System.Data;
using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Dns;

/// <summary>The zones, records and maps that DNS answers from, held in memory so that a query needs
/// no database round trip. Consistency as the HTTP API's (EMULATOR.md §0):
/// <list type="bullet">
/// <item>this replica: every write request (any method but GET/HEAD/OPTIONS, under /client/v4 or
/// /_emulator) bumps <see cref="Invalidate"/> before its answer starts, and the next query reloads
/// first, so a change is in the next answer;</item>
/// <item>other replicas: a snapshot is never used more than one second after its read began
/// (it is refreshed in the background after half a second, and a query that finds it older than a
/// second waits for a fresh one), so another replica's change is in every answer within a second.</item>
/// </list>
/// One reload runs at a time; it reads everything in one repeatable-read transaction, so a snapshot
/// is one consistent state.</summary>
public sealed class DnsSnapshot(IServiceScopeFactory scopes, ILogger<DnsSnapshot> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMilliseconds(500);

    private readonly SemaphoreSlim reloading = new(1, 1);
    private long version;
    private Loaded? current;
    private Task? backgroundRefresh;

    private sealed record Loaded(DnsWorld World, long Version, TimeSpan ReadAt);

    // Real elapsed time, never the emulator's clock (which tests may move).
    private static TimeSpan Now() => TimeSpan.FromMilliseconds(Environment.TickCount64);

    /// <summary>A write happened on this replica: the next query reloads.</summary>
    public void Invalidate() => Interlocked.Increment(ref version);

    /// <summary>The world to answer from: fresh enough for the rules above.</summary>
    public async ValueTask<DnsWorld> GetAsync(CancellationToken ct)
    {
        var loaded = Volatile.Read(ref current);
        var now = Now();
        if (loaded is not null && loaded.Version == Interlocked.Read(ref version) && now - loaded.ReadAt <= MaxAge)
        {
            if (now - loaded.ReadAt > RefreshAfter && backgroundRefresh is null or { IsCompleted: true })
            {
                backgroundRefresh = Task.Run(() => RefreshAsync(loaded, CancellationToken.None), CancellationToken.None);
            }

            return loaded.World;
        }

        return (await RefreshAsync(loaded, ct)).World;
    }

    /// <summary>Reloads unless another caller already did since <paramref name="seen"/>.</summary>
    private async Task<Loaded> RefreshAsync(Loaded? seen, CancellationToken ct)
    {
        await reloading.WaitAsync(ct);
        try
        {
            var latest = Volatile.Read(ref current);
            if (latest is not null && latest != seen && latest.Version == Interlocked.Read(ref version) && Now() - latest.ReadAt <= RefreshAfter)
            {
                return latest;
            }

            var wantedVersion = Interlocked.Read(ref version);
            var readAt = Now();
            var world = await ReadAsync(ct);
            var loaded = new Loaded(world, wantedVersion, readAt);
            Volatile.Write(ref current, loaded);
            return loaded;
        }
        catch (Exception e) when (seen is not null && ct == CancellationToken.None)
        {
            logger.LogWarning(e, "DNS snapshot refresh failed; the next query tries again");
            return seen;
        }
        finally
        {
            reloading.Release();
        }
    }

    private async Task<DnsWorld> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var zones = await db.Zones.AsNoTracking().Select(z => new { z.Id, z.Name, z.AccountId }).ToListAsync(ct);
        var records = (await db.DnsRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct)).ToLookup(r => r.ZoneId);
        // Only maps that can change an answer: a member zone or account (DNS), or a default SNI
        // (the TLS view). A map with neither never does, however many IPs it holds.
        var maps = await db.AddressMaps.AsNoTracking()
            .Where(m => m.Memberships.Any() || m.DefaultSni != null)
            .Include(m => m.Ips.OrderBy(i => i.Id))
            .Include(m => m.Memberships.OrderBy(ms => ms.Id))
            .AsSplitQuery()
            .ToListAsync(ct);
        await tx.CommitAsync(ct);
        return new DnsWorld(
            zones.Select(z => new DnsZone(z.Id, z.Name, z.AccountId,
                records[z.Id].Select(r => new DnsRecordData(r.Name, r.Type, r.Content, r.Proxied, r.Ttl)).ToList())),
            maps.Select(m => new DnsMap(
                new MapFacts(m.Id, m.Enabled, m.CanDelete, m.CanModifyIps, m.Memberships.Select(x => new MembershipFacts(x.Kind, x.Identifier, x.CanDelete)).ToList()),
                m.AccountId, m.Ips.Select(i => i.Ip).ToList(), m.DefaultSni, m.CreatedAt)));
    }
}
