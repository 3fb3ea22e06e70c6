using AddressMaps.Api.AuditLogs;

namespace AddressMaps.Api.Maps;

/// <summary>What the writers of a map's IPs and memberships share: the account's facts the rules
/// need, and the transaction every sub-resource change runs in.</summary>
public sealed class MapAccess(AddressMapsDbContext db, Clock clock, AuditTrail audit)
{
    public AddressMapsDbContext Db => db;

    /// <summary>Where the writers record their changes (in their own transactions).</summary>
    public AuditTrail Audit => audit;

    public DateTime Now() => clock.Now();

    /// <summary>Runs a change of a map's IPs or memberships in one transaction. Its first statement
    /// locks the map row and reads the whole map (404 when the account has no such map),
    /// serialising the writers of one map (and, <paramref name="withOwnership"/>, the account's
    /// ownership facts, in the same round trip). The change gets the map's facts and the map itself,
    /// checks its rules, changes the map in memory as its statement will change the rows (the
    /// audit log entry's new value), and answers that one statement, or null when there is
    /// nothing to do. The statement goes with the audit entry (which moves modified_at) and the
    /// commit in one round trip; if it changed no row, no entry is written and modified_at stays
    /// as it was; if the change threw a rule's error, the transaction is rolled back. Answers
    /// whether the statement changed a row.</summary>
    public async Task<bool> ChangeAsync(string accountId, string mapId, Func<MapFacts, DateTime, AddressMap, AccountFacts?, Task<FormattableString?>> change, CancellationToken ct, bool withOwnership = false)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var (found, ownership) = await MapReader.ReadAsync(db, accountId, mapId, locked: true, withOwnership, ct);
        var map = found ?? throw NotFound(mapId);
        var now = Now(); // once the lock is held: modified_at moves in the order the writers commit
        var before = AuditTrail.Json(map);
        map.ModifiedAt = now;
        if (await change(new MapFacts(map.Id, map.Enabled, map.CanDelete, map.CanModifyIps, []), now, map, ownership) is not { } statement)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        // The change with its entry, and COMMIT, in one batch (one round trip fewer): the entry's
        // row count says whether the change changed something. A statement that fails skips the
        // COMMIT, and the transaction is rolled back as it is disposed; once the COMMIT has run, the
        // transaction is complete and its disposal sends nothing.
        var recorded = audit.Recording(statement, accountId, mapId, before, AuditTrail.Json(map), now);
        return await Batch.ExecuteAsync(db, ct, recorded, $"COMMIT") == 1;
    }

    /// <summary>The map with its IPs and memberships, its row locked (FOR UPDATE) until the
    /// caller's transaction ends, read once the lock is held (<see cref="MapReader"/>); null when
    /// the account has no such map.</summary>
    public async Task<AddressMap?> LockFullMapAsync(string accountId, string mapId, CancellationToken ct) =>
        (await MapReader.ReadAsync(db, accountId, mapId, locked: true, withOwnership: false, ct)).Map;

    /// <summary>The account's ownership facts (rules 4 and 5; <see cref="AccountFactsQuery"/>, which
    /// says why the delegations are read FOR SHARE); <paramref name="except"/> leaves one delegation
    /// out.</summary>
    public Task<AccountFacts> LoadOwnershipAsync(string accountId, CancellationToken ct, string? except = null) =>
        LoadFactsAsync(accountId, withZones: false, except, ct);

    /// <summary>The account's zones (rule 8, default SNI).</summary>
    public async Task<AccountFacts> LoadZonesAsync(string accountId, CancellationToken ct)
    {
        var zones = await Zones(db, accountId).ToListAsync(ct);
        return new AccountFacts(accountId, [], [], zones.Select(z => (z.Id, z.Name)).ToList());
    }

    /// <summary>What a create's rules need of the account: its zones only when the body names a
    /// default SNI or a zone membership (issue 13: an account with 1,000 zones read them all on
    /// every create, which made a create several times dearer than an IP's PUT).</summary>
    public Task<AccountFacts> LoadAccountAsync(string accountId, bool withZones, CancellationToken ct) =>
        LoadFactsAsync(accountId, withZones, null, ct);

    /// <summary>One statement, one round trip (issue 13: was three, four with the zones).</summary>
    private Task<AccountFacts> LoadFactsAsync(string accountId, bool withZones, string? except, CancellationToken ct) =>
        Batch.ReadAsync(db, [AccountFactsQuery.Command(accountId, withZones, except)], r => AccountFactsQuery.ReadAsync(r, accountId, ct), ct);

    /// <summary>An unknown map, or an id that is not 32 hex (CONTRACT §10.3).</summary>
    public static ApiException NotFound(string mapId) => Errors.NotFound.With($"address map {Text.Shorten(mapId)} does not exist in this account");

    private static readonly Func<AddressMapsDbContext, string, IAsyncEnumerable<Zone>> Zones =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string accountId) =>
            c.Zones.AsNoTracking().Where(z => z.AccountId == accountId));
}
