using AddressMaps.Api.Seed;

namespace AddressMaps.Api.Platform;

/// <summary>Prints the seeded accounts and credentials at start-up, so the docs' curl examples
/// can be run at once.</summary>
public static class StartupBanner
{
    // A large seed (the benchmark's 1,000 accounts of 100 zones) is summed up, not printed whole.
    private const int Shown = 20;

    private static string Few(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(Shown)) + (items.Count > Shown ? $" … and {items.Count - Shown} more" : "");

    /// <summary>The seed's accounts and credentials, or, when <paramref name="seed"/> is null (a
    /// large file in force, not read again), where to find them; then the modes that change answers.</summary>
    public static void Print(ILogger logger, SeedDocument? seed, string path, AddressMapsOptions options, bool isDemoSeed)
    {
        if (seed is null)
        {
            logger.LogInformation("Seed document: {SeedPath} (in force and large: not read again at this start; its accounts and credentials are in the file)", path);
        }
        else
        {
            logger.LogInformation("Seed document: {SeedPath}", path);
            PrintAccounts(logger, seed.Accounts ?? []);
            PrintCredentials(logger, seed, isDemoSeed);
        }

        if (options.RateLimit.Enabled)
        {
            logger.LogInformation("Rate limit on: {Requests} requests per {Window} s per caller, then 429 (code 971) for {Penalty} s",
                options.RateLimit.Requests, options.RateLimit.WindowSeconds, options.RateLimit.PenaltySeconds);
        }

        if (options.AuthMode == AuthMode.Lenient)
        {
            logger.LogWarning("Auth mode is LENIENT: any well-formed credential may act on any account; responses carry {Header}: lenient",
                AuthSetup.ModeHeader);
        }
    }

    private static void PrintCredentials(ILogger logger, SeedDocument seed, bool isDemoSeed)
    {
        foreach (var u in seed.Users ?? [])
        {
            logger.LogInformation("User {Email} X-Auth-Key {GlobalKey} on accounts {Accounts}",
                u.Email, Secret(u.GlobalKey), string.Join(", ", u.Accounts ?? []));
        }

        foreach (var t in seed.Tokens ?? [])
        {
            logger.LogInformation("Token {Token}: {TokenName}", Secret(t.Value), t.Name);
        }

        // Only the built-in demo credentials, which are public, are ever printed; a seed file's
        // secrets stay out of the logs.
        string Secret(string? secret) => isDemoSeed && secret is not null ? secret : "(secret from the seed file, not logged)";
    }

    private static void PrintAccounts(ILogger logger, IReadOnlyList<SeedAccount> accounts)
    {
        foreach (var a in accounts.Take(Shown))
        {
            logger.LogInformation("Account {AccountId} \"{AccountName}\" (Address Maps add-on: {AddOn}); zones: {Zones}; prefixes: {Prefixes}",
                a.Id, a.Name, a.AddressMapsEnabled ? "yes" : "no",
                Few((a.Zones ?? []).Select(z => $"{z.Name}={z.Id}").ToList()),
                Few((a.Prefixes ?? []).Select(p => p.Cidr + (p.Approved ? "" : " (not approved)")).ToList()));
        }

        if (accounts.Count > Shown)
        {
            logger.LogInformation("… and {More} more accounts (the seed document lists them all)", accounts.Count - Shown);
        }
    }
}
