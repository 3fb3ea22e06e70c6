namespace AddressMaps.Api.Seed;

/// <summary>The deleting half of a reset or replace, inside the caller's transaction. Deleting an
/// account, map, user or token takes everything under it through the foreign keys' cascades;
/// the audit log goes too (all of it, or the one account's).</summary>
internal sealed class StateReset(AddressMapsDbContext db)
{
    public async Task<StateCounts> RemoveAsync(SeedDocument seed, string? accountId, CancellationToken ct)
    {
        if (accountId is not null)
        {
            var maps = await db.AddressMaps.Where(m => m.AccountId == accountId).ExecuteDeleteAsync(ct);
            await db.PrefixDelegations.Where(d => d.AccountId == accountId || d.DelegatedAccountId == accountId).ExecuteDeleteAsync(ct);
            await db.Journal.Where(j => j.AccountId == accountId).ExecuteDeleteAsync(ct);
            await db.AuditLogEntries.Where(e => e.AccountId == accountId).ExecuteDeleteAsync(ct);
            return new StateCounts(maps, 0, 0);
        }

        var accounts = (seed.Accounts ?? []).Select(a => a.Id).ToList();
        var users = (seed.Users ?? []).Select(u => u.Id).ToList();
        var tokens = (seed.Tokens ?? []).Select(t => t.Id).ToList();
        var removedMaps = await db.AddressMaps.ExecuteDeleteAsync(ct);
        await db.PrefixDelegations.ExecuteDeleteAsync(ct);
        await db.AuditLogEntries.ExecuteDeleteAsync(ct);
        var removedCounters = await db.RateLimitCounters.ExecuteDeleteAsync(ct);
        await RemoveObservationsAsync(ct);
        await db.ApiTokens.Where(t => !tokens.Contains(t.Id)).ExecuteDeleteAsync(ct);
        await db.Users.Where(u => !users.Contains(u.Id)).ExecuteDeleteAsync(ct);
        var removedAccounts = await db.Accounts.Where(a => !accounts.Contains(a.Id)).ExecuteDeleteAsync(ct);
        return new StateCounts(removedMaps, removedAccounts, removedCounters);
    }

    /// <summary>The journal, the fault rules and the clock's offset (a global reset only).</summary>
    private async Task RemoveObservationsAsync(CancellationToken ct)
    {
        await db.Journal.ExecuteDeleteAsync(ct);
        await db.FaultRules.ExecuteDeleteAsync(ct);
        await db.Clock.ExecuteDeleteAsync(ct);
    }

    public async Task RemoveEverythingAsync(CancellationToken ct)
    {
        await db.AddressMaps.ExecuteDeleteAsync(ct);
        await db.PrefixDelegations.ExecuteDeleteAsync(ct);
        await db.AuditLogEntries.ExecuteDeleteAsync(ct);
        await db.RateLimitCounters.ExecuteDeleteAsync(ct);
        await db.ApiTokens.ExecuteDeleteAsync(ct);
        await db.Users.ExecuteDeleteAsync(ct);
        await db.Accounts.ExecuteDeleteAsync(ct);
    }
}
