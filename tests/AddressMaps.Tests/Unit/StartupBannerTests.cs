using AddressMaps.Api;
using AddressMaps.Api.Seed;
using Microsoft.Extensions.Logging;

namespace AddressMaps.Tests.Unit;

public sealed class StartupBannerTests
{
    private sealed class Lines : ILogger
    {
        public List<string> Written { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add(formatter(state, exception));
    }

    [Fact]
    public void A_large_seed_is_summed_up_past_twenty_accounts_and_twenty_zones_each()
    {
        var accounts = Enumerable.Range(1, 25).Select(a => new SeedAccount(
            $"{a:x32}", $"Account {a}", true,
            Enumerable.Range(1, 30).Select(z => new SeedZone($"{a * 100 + z:x32}", $"z{z}.a{a}.example")).ToList(),
            [], null, null)).ToList();
        var log = new Lines();

        StartupBanner.Print(log, new SeedDocument(accounts, [], []), "seed.json", new AddressMapsOptions(), isDemoSeed: false);

        var accountLines = log.Written.Where(l => l.StartsWith("Account ", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, accountLines.Count);
        Assert.Contains("… and 5 more accounts (the seed document lists them all)", log.Written);
        Assert.All(accountLines, l => Assert.Contains("z20.", l, StringComparison.Ordinal));
        Assert.All(accountLines, l => Assert.DoesNotContain("z21.", l, StringComparison.Ordinal));
        Assert.All(accountLines, l => Assert.Contains("… and 10 more", l, StringComparison.Ordinal));
    }

    [Fact]
    public void A_small_seed_is_printed_whole()
    {
        var account = new SeedAccount(new string('a', 32), "Small", true, [new SeedZone(new string('b', 32), "shop.example")], [], null, null);
        var log = new Lines();

        StartupBanner.Print(log, new SeedDocument([account], [], []), "seed.json", new AddressMapsOptions(), isDemoSeed: false);

        var line = Assert.Single(log.Written, l => l.StartsWith("Account ", StringComparison.Ordinal));
        Assert.Contains($"zones: shop.example={new string('b', 32)}; prefixes: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Written, l => l.Contains("more", StringComparison.Ordinal));
    }

    /// <summary>Issue 13: a large seed file in force is not read at a start; the banner says where
    /// its accounts and credentials are, and still names the modes that change answers.</summary>
    [Fact]
    public void A_large_seed_in_force_that_was_not_read_is_named_with_where_its_credentials_are()
    {
        var log = new Lines();

        StartupBanner.Print(log, null, "big.json", new AddressMapsOptions { AuthMode = AuthMode.Lenient }, isDemoSeed: false);

        Assert.Equal("Seed document: big.json (in force and large: not read again at this start; its accounts and credentials are in the file)", log.Written[0]);
        Assert.DoesNotContain(log.Written, l => l.StartsWith("Account ", StringComparison.Ordinal) || l.StartsWith("Token ", StringComparison.Ordinal));
        Assert.Contains(log.Written, l => l.StartsWith("Auth mode is LENIENT", StringComparison.Ordinal));
    }
}
