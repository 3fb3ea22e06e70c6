using AddressMaps.Api.Seed;

namespace AddressMaps.Api.OpenApi;

/// <summary>The built-in demo seed's identities that the OpenAPI documents show as parameter
/// values, request examples and credentials. Read from <c>demo-seed.json</c> itself (the only
/// place they are written), and only when that seed is in use: with a user's seed there are none.</summary>
public sealed record DemoValues(
    string AccountId,
    string ZoneForCreate,
    string ZoneForMembership,
    string EffectiveMapZone,
    string PrefixId,
    string Token,
    string TokenName,
    string Email,
    string GlobalKey)
{
    /// <summary>An IP of the demo account's approved prefix 203.0.113.0/24 (issue 12).</summary>
    public const string Ip = "203.0.113.10";

    /// <summary>The demo values when <c>AddressMaps__SeedFile</c> is unset, else null.</summary>
    public static DemoValues? For(AddressMapsOptions options) =>
        string.IsNullOrWhiteSpace(options.SeedFile) ? Of(WorldState.Read(WorldStateStartup.DemoSeedPath)) : null;

    /// <summary>Looked up by the stable names the tests use (tests' Demo.cs, tests/demo-seed.mjs).</summary>
    public static DemoValues Of(SeedDocument seed)
    {
        var account = Single(seed.Accounts, a => a.Name == "Demo BYOIP", "account 'Demo BYOIP'");
        var zones = account.Zones ?? [];
        string Zone(string name) => Single(zones, z => z.Name == name, $"zone '{name}'").Id;
        var token = Single(seed.Tokens, t => t.Name == "Demo BYOIP: Address Maps Write + IP Prefixes Read" && t.Value is not null, "write token");
        var user = Single(seed.Users, u => u.Accounts?.Contains(account.Id) == true && u.GlobalKey is not null, "user with a global key");
        return new DemoValues(
            account.Id,
            ZoneForCreate: Zone("example.com"),
            ZoneForMembership: Zone("example.net"),
            EffectiveMapZone: Zone("example.com"),
            PrefixId: Single(account.Prefixes, p => p.Cidr == "203.0.113.0/24", "prefix 203.0.113.0/24").Id,
            Token: token.Value!,
            TokenName: token.Name,
            Email: user.Email,
            GlobalKey: user.GlobalKey!);
    }

    private static T Single<T>(IEnumerable<T>? entries, Func<T, bool> match, string what)
    {
        var found = (entries ?? []).Where(match).ToList();
        return found.Count == 1 ? found[0] : throw new InvalidOperationException($"The demo seed holds {found.Count} {what}, not exactly one.");
    }
}
