namespace AddressMaps.Api.Prefixes;

/// <summary>The account's BYOIP prefixes, read-only (they come from the seed).</summary>
public sealed class PrefixService(AddressMapsDbContext db)
{
    public async Task<IReadOnlyList<Prefix>> ListAsync(string accountId, CancellationToken ct) =>
        await db.Prefixes.AsNoTracking().Where(p => p.AccountId == accountId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);

    public async Task<Prefix> GetAsync(string accountId, string prefixId, CancellationToken ct) =>
        await db.Prefixes.AsNoTracking().SingleOrDefaultAsync(p => p.Id == prefixId && p.AccountId == accountId, ct)
            ?? throw NotFound(prefixId, accountId);

    public static ApiException NotFound(string prefixId, string accountId) =>
        Errors.NotFound.With($"prefix {prefixId} does not exist in account {accountId}");
}
