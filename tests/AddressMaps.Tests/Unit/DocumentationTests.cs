using System.Reflection;
using System.Text.RegularExpressions;
using AddressMaps.Api.Seed;

namespace AddressMaps.Tests.Unit;

/// <summary>The README's error catalogue and sample seed are kept true by these tests.</summary>
public sealed partial class DocumentationTests
{
    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AddressMaps.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new InvalidOperationException("AddressMaps.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_readme_publishes_the_whole_error_catalogue_as_the_code_defines_it()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));

        var rows = OpenApiSetup.Catalogue().Split('\n').Where(l => l.StartsWith("| 1", StringComparison.Ordinal) || l.StartsWith("| 6", StringComparison.Ordinal)
            || l.StartsWith("| 2", StringComparison.Ordinal) || l.StartsWith("| 7", StringComparison.Ordinal) || l.StartsWith("| 9", StringComparison.Ordinal)).ToList();

        Assert.Equal(Errors.All.Count, rows.Count);
        Assert.All(rows, row => Assert.Contains(row.TrimEnd('\r'), readme, StringComparison.Ordinal));
    }

    /// <summary>The sample works as shipped (the issue: it held only hashes, so nobody could
    /// authenticate with it): every secret in plaintext, each quoted in the README.
    /// tests/scripts/first-minutes.sh authenticates with them against a running emulator.</summary>
    [Fact]
    public void The_sample_seed_file_is_a_valid_seed_document_whose_secrets_the_readme_gives()
    {
        var seed = WorldState.Read(RepoFile("samples/seed.json"));
        var readme = File.ReadAllText(RepoFile("README.md"));

        SeedValidation.Validate(seed);
        Assert.NotEmpty(seed.Accounts!);
        Assert.NotEmpty(seed.Tokens!);
        Assert.All(seed.Tokens!, t => Assert.Contains($"Bearer {t.Value}", readme, StringComparison.Ordinal));
        Assert.NotEmpty(seed.Users!);
        Assert.All(seed.Users!, u => Assert.Contains($"X-Auth-Email: {u.Email}\" --header \"X-Auth-Key: {u.GlobalKey}\"", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void The_demo_seed_holds_the_documented_accounts()
    {
        SeedValidation.Validate(Demo.Seed);
        Assert.Equal([Demo.Account, Demo.OtherAccount, Demo.StaticAccount, Demo.NoAddOnAccount], Demo.Seed.Accounts!.Select(a => a.Id));
    }

    [Fact]
    public void Every_demo_lookup_of_the_tests_resolves_to_a_value_of_the_demo_seed()
    {
        // Demo's static initialiser throws, naming the lookup, if a name no longer matches exactly one entry.
        var seedText = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, WorldState.DemoSeedFile));
        var values = typeof(Demo).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(string)).ToList();

        Assert.NotEmpty(values);
        Assert.All(values, f => Assert.Contains($"\"{f.GetValue(null)}\"", seedText, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_demo_id_and_secret_quoted_in_the_readme_is_the_seeds()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        // The README quotes the demo seed and, in "Seed file", the sample seed.
        var sample = WorldState.Read(RepoFile("samples/seed.json"));
        var accounts = Demo.Seed.Accounts!.Concat(sample.Accounts!).ToList();

        // The account table: each row names an account and quotes only its id and the ids of its zones and maps.
        foreach (var account in Demo.Seed.Accounts!)
        {
            var row = Assert.Single(readme.Split('\n'), l => l.StartsWith($"| {account.Name} |", StringComparison.Ordinal));
            var own = new[] { account.Id }.Concat((account.Zones ?? []).Select(z => z.Id)).Concat((account.ManagedMaps ?? []).Select(m => m.Id))
                .Concat((account.Prefixes ?? []).SelectMany(p => p.Delegations ?? []).Select(d => d.Id));
            Assert.Contains($"`{account.Id}`", row, StringComparison.Ordinal);
            Assert.All(HexIds().Matches(row).Select(m => m.Value), id => Assert.Contains(id, own));
        }

        var zones = accounts.SelectMany(a => a.Zones ?? []).ToDictionary(z => z.Name, z => z.Id);
        var quotedZones = ZoneIds().Matches(readme);
        Assert.NotEmpty(quotedZones);
        Assert.All(quotedZones, m => Assert.Equal(zones[m.Groups[1].Value], m.Groups[2].Value));

        var ids = accounts.Select(a => a.Id).Concat(zones.Values).Concat(accounts.SelectMany(a => a.ManagedMaps ?? []).Select(m => m.Id))
            .Concat(accounts.SelectMany(a => a.Prefixes ?? []).SelectMany(p => p.Delegations ?? []).Select(d => d.Id)).ToHashSet();
        Assert.All(HexIds().Matches(readme).Select(m => m.Value), id => Assert.Contains(id, ids));

        var tokens = Demo.Seed.Tokens!.Concat(sample.Tokens!).Select(t => t.Value).ToHashSet();
        var bearers = BearerTokens().Matches(readme);
        Assert.Equal(tokens.Count, bearers.Select(m => m.Groups[1].Value).Distinct().Count());
        Assert.All(bearers, m => Assert.Contains(m.Groups[1].Value, tokens));

        var users = Demo.Seed.Users!.Concat(sample.Users!).ToDictionary(u => u.Email, u => u.GlobalKey);
        var emails = Emails().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        var keys = GlobalKeys().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(emails);
        Assert.Equal(emails.Count, keys.Count);
        Assert.All(emails.Zip(keys), pair => Assert.Equal(users[pair.First], pair.Second));
        Assert.Contains($"export ACCOUNT_ID={Demo.Account}\n", readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b[0-9a-f]{32}\b")]
    private static partial Regex HexIds();

    [GeneratedRegex(@"`([a-z0-9.-]+)` = `([0-9a-f]{32})`")]
    private static partial Regex ZoneIds();

    [GeneratedRegex(@"Bearer ([A-Za-z0-9_-]{40})\b")]
    private static partial Regex BearerTokens();

    [GeneratedRegex(@"(?:CLOUDFLARE_EMAIL=|X-Auth-Email: )([^\s`$""]+@[^\s`""]+)")]
    private static partial Regex Emails();

    [GeneratedRegex(@"(?:CLOUDFLARE_API_KEY=|X-Auth-Key: )([0-9a-f]{37})\b")]
    private static partial Regex GlobalKeys();

    [Fact]
    public void A_seed_with_a_bad_entry_fails_start_up_naming_it()
    {
        var seed = new SeedDocument(
            [new SeedAccount("NOT-AN-ID", "x", true, [new SeedZone(Demo.ExampleCom, "not a host")], null, null, null)],
            null,
            [new SeedToken("t", "t", "short", null, "active", null, null, [new SeedPolicy(Demo.ExampleCom, ["Zone Edit"])])]);

        var error = Assert.Throws<InvalidOperationException>(() => SeedValidation.Validate(seed));

        Assert.Contains("NOT-AN-ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a host", error.Message, StringComparison.Ordinal);
        Assert.Contains("Zone Edit", error.Message, StringComparison.Ordinal);
        Assert.Contains("40 characters", error.Message, StringComparison.Ordinal);
    }
}
