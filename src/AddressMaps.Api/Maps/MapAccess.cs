using System.Net;
using AddressMaps.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace AddressMaps.Api.Maps;

/// <summary>What the writers of a map's IPs and memberships share: the account's facts the rules
/// need, and the transaction every sub-resource change runs in.</summary>
public sealed class MapAccess(AddressMapsDbContext db, Clock clock)
{
    private sealed record MapRow(string Id, bool Enabled, bool CanDelete, bool CanModifyIps);

    public AddressMapsDbContext Db => db;

    public DateTime Now() => clock.Now();

    /// <summary>Runs a change of a map's IPs or memberships in one transaction. Its first statement
    /// moves the map's modified_at and returns the map's facts (404 when the account has no such
    /// map); that also locks the map row, serialising the writers of one map. The change answers
    /// whether it changed anything; if not (or it throws a rule's error), the transaction is rolled
    /// back, so modified_at stays as it was.</summary>
    public async Task<bool> ChangeAsync(string accountId, string mapId, Func<MapFacts, DateTime, Task<bool>> change, CancellationToken ct)
    {
        var now = Now();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var row = (await db.Database.SqlQuery<MapRow>($"""
            UPDATE address_maps SET modified_at = {now} WHERE id = {mapId} AND account_id = {accountId}
            RETURNING id, enabled, can_delete, can_modify_ips
            """).ToListAsync(ct)).SingleOrDefault() ?? throw NotFound(mapId);
        if (!await change(new MapFacts(row.Id, row.Enabled, row.CanDelete, row.CanModifyIps, []), now))
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The account's approved prefixes and static IPs (rules 4 and 5).</summary>
    public async Task<AccountFacts> LoadOwnershipAsync(string accountId, CancellationToken ct)
    {
        var prefixes = await ApprovedPrefixes(db, accountId).ToListAsync(ct);
        var statics = await StaticIps(db, accountId).ToListAsync(ct);
        return new AccountFacts(accountId, prefixes, statics, []);
    }

    /// <summary>The account's zones (rule 8, default SNI).</summary>
    public async Task<AccountFacts> LoadZonesAsync(string accountId, CancellationToken ct)
    {
        var zones = await Zones(db, accountId).ToListAsync(ct);
        return new AccountFacts(accountId, [], [], zones.Select(z => (z.Id, z.Name)).ToList());
    }

    /// <summary>Everything of the account a create's rules may need.</summary>
    public async Task<AccountFacts> LoadAccountAsync(string accountId, CancellationToken ct)
    {
        var ownership = await LoadOwnershipAsync(accountId, ct);
        return ownership with { Zones = (await LoadZonesAsync(accountId, ct)).Zones };
    }

    public static ApiException NotFound(string mapId) => Errors.NotFound.With($"Address map {mapId} not found");

    private static readonly Func<AddressMapsDbContext, string, IAsyncEnumerable<IPNetwork>> ApprovedPrefixes =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId) =>
            c.Prefixes.AsNoTracking().Where(p => p.AccountId == accountId && p.Approved).Select(p => p.Cidr));

    private static readonly Func<AddressMapsDbContext, string, IAsyncEnumerable<IPAddress>> StaticIps =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId) =>
            c.StaticIps.AsNoTracking().Where(s => s.AccountId == accountId).Select(s => s.Ip));

    private static readonly Func<AddressMapsDbContext, string, IAsyncEnumerable<Zone>> Zones =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId) =>
            c.Zones.AsNoTracking().Where(z => z.AccountId == accountId));
}
