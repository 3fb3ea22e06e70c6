using AddressMaps.Api.Seed;

namespace AddressMaps.Api.Platform;

/// <summary>Prints the seeded accounts and credentials at start-up, so the docs' curl examples
/// can be run at once.</summary>
public static class StartupBanner
{
    public static void Print(ILogger logger, SeedDocument seed, string path, AddressMapsOptions options, bool isDemoSeed)
    {
        logger.LogInformation("Seed document: {SeedPath}", path);
        foreach (var a in seed.Accounts ?? [])
        {
            logger.LogInformation("Account {AccountId} \"{AccountName}\" (Address Maps add-on: {AddOn}); zones: {Zones}; prefixes: {Prefixes}",
                a.Id, a.Name, a.AddressMapsEnabled ? "yes" : "no",
                string.Join(", ", (a.Zones ?? []).Select(z => $"{z.Name}={z.Id}")),
                string.Join(", ", (a.Prefixes ?? []).Select(p => p.Cidr + (p.Approved ? "" : " (not approved)"))));
        }

        foreach (var u in seed.Users ?? [])
        {
            logger.LogInformation("User {Email} X-Auth-Key {GlobalKey} on accounts {Accounts}",
                u.Email, Shown(u.GlobalKey), string.Join(", ", u.Accounts ?? []));
        }

        foreach (var t in seed.Tokens ?? [])
        {
            logger.LogInformation("Token {Token}: {TokenName}", Shown(t.Value), t.Name);
        }

        // Only the built-in demo credentials, which are public, are ever printed; a seed file's
        // secrets stay out of the logs.
        string Shown(string? secret) => isDemoSeed && secret is not null ? secret : "(secret from the seed file, not logged)";

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
}
