using System.Text.RegularExpressions;

namespace AddressMaps.Tests.Docs;

/// <summary>docs/fidelity.md against the code: its error catalogue is Errors.All, and every file
/// it points to (and the first symbol named after it) exists.</summary>
public sealed partial class FidelityDocTests
{
    private static string Document => File.ReadAllText(Path.Combine(Repository.Root, "docs", "fidelity.md"));

    [Fact]
    public void The_error_catalogue_lists_every_error_definition_with_its_status_and_name()
    {
        var lines = Document.Split('\n');
        var header = Array.FindIndex(lines, l => l.StartsWith("| code | HTTP | name |", StringComparison.Ordinal));
        Assert.True(header >= 0, "docs/fidelity.md has no '| code | HTTP | name |' table");

        var documented = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList())
            .Select(c => $"{c[0]} {c[1]} {c[2]}")
            .ToList();
        var defined = Errors.All.Select(e => $"{e.Code} {e.HttpStatus} {e.Name}").ToList();

        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.Equal(defined.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_file_it_points_to_exists_and_holds_the_symbol_named_after_it()
    {
        var roots = new[] { "", "src/AddressMaps.Api", "tests/AddressMaps.Tests" }.Select(r => Path.Combine(Repository.Root, r)).ToList();
        var problems = new List<string>();
        var references = FileReference().Matches(Document);
        Assert.NotEmpty(references);

        foreach (Match reference in references)
        {
            var relative = reference.Groups["path"].Value;
            var file = roots.Select(r => Path.Combine(r, relative)).FirstOrDefault(File.Exists);
            if (file is null)
            {
                problems.Add($"`{relative}` is not a file of the repository");
            }
            else if (reference.Groups["symbol"].Success && !File.ReadAllText(file).Contains(reference.Groups["symbol"].Value, StringComparison.Ordinal))
            {
                problems.Add($"`{relative}` has no `{reference.Groups["symbol"].Value}`");
            }
        }

        Assert.True(problems.Count == 0, "docs/fidelity.md points to code that is not there:\n  - " + string.Join("\n  - ", problems));
    }

    /// <summary>`Some/File.cs`, optionally followed by " (`Symbol`" — the symbol must be in the file.</summary>
    [GeneratedRegex(@"`(?<path>[\w.-][\w./-]*\.(?:cs|json|md|sh))`(?:\s*\(`(?<symbol>\w+)`?)?")]
    private static partial Regex FileReference();
}
