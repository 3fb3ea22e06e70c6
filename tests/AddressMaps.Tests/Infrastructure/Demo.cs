using AddressMaps.Api.Seed;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>The built-in demo seed's identities (README, issues #2/#3/#8), looked up by a stable
/// name in <c>demo-seed.json</c>: that file is the only place their ids and secrets are written.</summary>
public static class Demo
{
    /// <summary>The seed as the API reads it (copied next to the test assembly by the build).</summary>
    public static readonly SeedDocument Seed = WorldState.Read(Path.Combine(AppContext.BaseDirectory, WorldState.DemoSeedFile));

    public static readonly string Account = AccountNamed("Demo BYOIP").Id;
    public static readonly string OtherAccount = AccountNamed("Other BYOIP").Id;
    public static readonly string StaticAccount = AccountNamed("Static IPs").Id;
    public static readonly string NoAddOnAccount = AccountNamed("No add-on").Id;

    public static readonly string ExampleCom = ZoneNamed("example.com");
    public static readonly string ExampleNet = ZoneNamed("example.net");
    public static readonly string ShopExample = ZoneNamed("shop.example");
    public static readonly string BlogExample = ZoneNamed("blog.example");
    public static readonly string ExampleOrg = ZoneNamed("example.org");
    public static readonly string StaticExample = ZoneNamed("static.example");
    public static readonly string NoAddOnZone = ZoneNamed("noaddon.example");

    public static readonly string DemoPrefix = PrefixWithCidr("203.0.113.0/24");
    public static readonly string OtherPrefix = PrefixWithCidr("192.0.2.0/24");

    /// <summary>The one Cloudflare-managed map of each account that has one.</summary>
    public static readonly string OtherImmutableMap = ManagedMapOf("Other BYOIP");
    public static readonly string StaticManagedMap = ManagedMapOf("Static IPs");

    /// <summary>The user whose global key reaches Demo BYOIP.</summary>
    public static readonly SeedUser User = Single(Seed.Users, u => u.Accounts?.Contains(Account) == true, "user with access to Demo BYOIP");
    public static readonly string Email = User.Email;
    public static readonly string GlobalKey = User.GlobalKey ?? throw new InvalidOperationException("The demo user has no plaintext global_key.");

    /// <summary>The two tokens whose ids tests compare; of the others only the secret is used.</summary>
    public static readonly SeedToken Write = TokenNamed("Demo BYOIP: Address Maps Write + IP Prefixes Read");
    public static readonly SeedToken Read = TokenNamed("Demo BYOIP: Address Maps Read");

    public static readonly string WriteToken = Write.Value!;
    public static readonly string ReadToken = Read.Value!;
    public static readonly string OtherWriteToken = TokenNamed("Other BYOIP: Address Maps Write").Value!;
    public static readonly string StaticWriteToken = TokenNamed("Static IPs: Address Maps Write").Value!;
    public static readonly string NoAddOnWriteToken = TokenNamed("No add-on: Address Maps Write").Value!;
    public static readonly string ExpiredToken = TokenNamed("Demo BYOIP: Address Maps Write (expired)").Value!;

    public static SeedAccount AccountNamed(string name) => Single(Seed.Accounts, a => a.Name == name, $"account named '{name}'");

    private static string ZoneNamed(string name) =>
        Single(Seed.Accounts!.SelectMany(a => a.Zones ?? []), z => z.Name == name, $"zone named '{name}'").Id;

    private static string PrefixWithCidr(string cidr) =>
        Single(Seed.Accounts!.SelectMany(a => a.Prefixes ?? []), p => p.Cidr == cidr, $"prefix {cidr}").Id;

    private static string ManagedMapOf(string account) =>
        Single(AccountNamed(account).ManagedMaps, _ => true, $"managed map of '{account}'").Id;

    private static SeedToken TokenNamed(string name)
    {
        var token = Single(Seed.Tokens, t => t.Name == name, $"token named '{name}'");
        return token.Value is null ? throw new InvalidOperationException($"The demo seed's token '{name}' has no plaintext value.") : token;
    }

    private static T Single<T>(IEnumerable<T>? entries, Func<T, bool> match, string what)
    {
        var found = (entries ?? []).Where(match).ToList();
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"The demo seed ({WorldState.DemoSeedFile}) holds {found.Count} {what}, not exactly one.");
    }
}
