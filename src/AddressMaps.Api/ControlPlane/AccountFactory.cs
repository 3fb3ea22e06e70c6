using System.Security.Cryptography;
using AddressMaps.Api.Journal;
using AddressMaps.Api.Seed;

namespace AddressMaps.Api.ControlPlane;

/// <summary>Accounts made on the fly (EMULATOR.md §2): a fresh account with zones, prefixes, a
/// token and a user that reach it only, written through the seed writer like any seeded account.</summary>
public sealed class AccountFactory(AddressMapsDbContext db, Clock clock, JournalBarrier journal)
{
    private static readonly string[] DefaultPrefixes = ["203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"];
    private static readonly string[] DefaultGroups = [PermissionGroups.AddressMapsWrite, PermissionGroups.PrefixesRead];
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

    public async Task<CreatedAccount> CreateAsync(CreateAccountRequest request, CancellationToken ct)
    {
        var id = Identifiers.New();
        var seed = Describe(id, request);
        Validate(seed, request);
        var staticIps = seed.Accounts![0].StaticIps ?? [];
        var taken = await db.StaticIps.Where(s => staticIps.Select(IpAddresses.Parse).Contains(s.Ip)).Select(s => s.Ip).ToListAsync(ct);
        if (taken.Count > 0)
        {
            throw Errors.InvalidDocument.With($"static_ips: {IpAddresses.Canonical(taken[0])} is already leased to another account");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await new SeedWriter(db, clock.Now()).WriteAsync(seed, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        var account = seed.Accounts[0];
        return new CreatedAccount(
            new IdName(id, account.Name),
            (account.Zones ?? []).Select(z => new IdName(z.Id, z.Name)).ToList(),
            (account.Prefixes ?? []).Select(p => new IdCidr(p.Id, p.Cidr)).ToList(),
            new IdValue(seed.Tokens![0].Id, seed.Tokens[0].Value!),
            new EmailKey(seed.Users![0].Email, seed.Users[0].GlobalKey!));
    }

    public async Task<IReadOnlyList<AccountSummary>> ListAsync(CancellationToken ct) =>
        (await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct))
            .Select(a => new AccountSummary(a.Id, a.Name, a.Origin == AccountOrigin.Api ? "api" : "seed", a.AddressMapsEnabled)).ToList();

    /// <summary>Removes an account made here with everything under it (maps, zones, prefixes, its
    /// token and user, by the foreign keys' cascades). A seeded account is refused: reset it.</summary>
    public async Task DeleteAsync(string accountId, CancellationToken ct)
    {
        var origin = await db.Accounts.Where(a => a.Id == accountId).Select(a => (AccountOrigin?)a.Origin).SingleOrDefaultAsync(ct)
            ?? throw AccountNotFound(accountId);
        if (origin == AccountOrigin.Seed)
        {
            throw Errors.SeededAccount.With($"account {accountId} comes from the seed and cannot be deleted; POST /_emulator/reset?account_id={accountId} resets it");
        }

        await db.Accounts.Where(a => a.Id == accountId).ExecuteDeleteAsync(ct);
        await journal.WaitAsync(ct); // its entries include those of answers just sent
        await db.Journal.Where(j => j.AccountId == accountId).ExecuteDeleteAsync(ct);
    }

    /// <summary>The account as a seed document fragment, defaults filled in (EMULATOR.md §2).</summary>
    private static SeedDocument Describe(string id, CreateAccountRequest r)
    {
        var shortId = id[..8];
        var zones = (r.Zones ?? [$"{shortId}-1.example", $"{shortId}-2.example"]).Select(name => new SeedZone(Identifiers.New(), (name ?? "").ToLowerInvariant())).ToList();
        var prefixes = (r.Prefixes ?? DefaultPrefixes).Select(cidr => new SeedPrefix(Identifiers.New(), cidr ?? "", true, null, null, null, null, null, null, null, null, null)).ToList();
        var account = new SeedAccount(id, r.Name ?? "account-" + shortId, r.AddressMapsEnabled ?? true, zones, prefixes, r.StaticIps ?? [], null, "api");
        var user = new SeedUser(Identifiers.New(), $"user-{shortId}@{id}.emulator.invalid", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(19))[..37], null, [id], id);
        var token = new SeedToken(Identifiers.New(), "token for " + account.Name, RandomNumberGenerator.GetString(TokenAlphabet, 40), null, "active", null, null,
            [new SeedPolicy(id, r.PermissionGroups ?? DefaultGroups)], user.Id, id);
        return new SeedDocument([account], [user], [token]);
    }

    private static void Validate(SeedDocument seed, CreateAccountRequest r)
    {
        var problems = new List<string>();
        if (r.Name is { Length: 0 or > 200 })
        {
            problems.Add("name: 1 to 200 characters");
        }

        if ((r.Zones ?? []).Count != (r.Zones ?? []).Distinct(StringComparer.OrdinalIgnoreCase).Count())
        {
            problems.Add("zones: a name is given twice");
        }

        try
        {
            SeedValidation.Validate(seed);
        }
        catch (InvalidOperationException e)
        {
            problems.Add(e.Message.Replace("Invalid seed document:\n  - ", "", StringComparison.Ordinal).Replace("\n  - ", "; ", StringComparison.Ordinal));
        }

        if (problems.Count > 0)
        {
            throw Errors.InvalidDocument.With("invalid account request: " + string.Join("; ", problems));
        }
    }

    public static ApiException AccountNotFound(string accountId) => Errors.NotFound.With($"account {accountId} does not exist");
}
