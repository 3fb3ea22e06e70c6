using AddressMaps.Api.Seed;

namespace AddressMaps.Tests.Unit;

/// <summary>The README's error catalogue and sample seed are kept true by these tests.</summary>
public sealed class DocumentationTests
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
            || l.StartsWith("| 7", StringComparison.Ordinal) || l.StartsWith("| 9", StringComparison.Ordinal)).ToList();

        Assert.Equal(Errors.All.Count, rows.Count);
        Assert.All(rows, row => Assert.Contains(row.TrimEnd('\r'), readme, StringComparison.Ordinal));
    }

    [Fact]
    public void The_sample_seed_file_is_a_valid_seed_document()
    {
        var seed = WorldState.Read(RepoFile("samples/seed.json"));

        SeedValidation.Validate(seed);
        Assert.NotEmpty(seed.Accounts!);
        Assert.All(seed.Tokens!, t => Assert.Null(t.Value));
    }

    [Fact]
    public void The_demo_seed_holds_the_documented_accounts()
    {
        var seed = WorldState.Read(Path.Combine(AppContext.BaseDirectory, WorldState.DemoSeedFile));

        SeedValidation.Validate(seed);
        Assert.Equal(
            ["76bc5842b7753fa75d4b6c145be3ffe3", "1813c4d8334ca60e3bd4b909eeafe033", "235356b1f23b6996ea65ac7a6ce53e08", "7176fe0e6352d4ddfbf47172a261e4f9"],
            seed.Accounts!.Select(a => a.Id));
    }

    [Fact]
    public void A_seed_with_a_bad_entry_fails_start_up_naming_it()
    {
        var seed = new SeedDocument(
            [new SeedAccount("NOT-AN-ID", "x", true, [new SeedZone("70c5cd7a66273dcbc0591821831d49d5", "not a host")], null, null, null)],
            null,
            [new SeedToken("t", "t", "short", null, "active", null, null, [new SeedPolicy("70c5cd7a66273dcbc0591821831d49d5", ["Zone Edit"])])]);

        var error = Assert.Throws<InvalidOperationException>(() => SeedValidation.Validate(seed));

        Assert.Contains("NOT-AN-ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a host", error.Message, StringComparison.Ordinal);
        Assert.Contains("Zone Edit", error.Message, StringComparison.Ordinal);
        Assert.Contains("40 characters", error.Message, StringComparison.Ordinal);
    }
}
