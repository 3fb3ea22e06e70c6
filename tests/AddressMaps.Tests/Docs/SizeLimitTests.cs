using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AddressMaps.Tests.Docs;

/// <summary>The size limits of src/ (issue 8): no file over 250 lines and no method over 40,
/// generated migrations and compiled model aside. Methods are found by parsing (Roslyn): methods, constructors,
/// operators, local functions and accessors, each from its first line after its attributes to
/// its closing brace or semicolon.</summary>
public sealed class SizeLimitTests
{
    public const int MaxFileLines = 250;
    public const int MaxMethodLines = 40;

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(Repository.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/Data/Migrations/", StringComparison.Ordinal) && !f.Contains("/Data/CompiledModel/", StringComparison.Ordinal)
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void No_source_file_is_over_250_lines()
    {
        var files = SourceFiles().ToList();
        Assert.True(files.Count > 50, $"only {files.Count} source files found under src/");

        var over = files.Select(f => (File: f, Lines: File.ReadAllLines(Repository.PathOf(f)).Length))
            .Where(f => f.Lines > MaxFileLines).Select(f => $"{f.File}: {f.Lines} lines").ToList();

        Assert.True(over.Count == 0, $"files over {MaxFileLines} lines:\n  - " + string.Join("\n  - ", over));
    }

    [Fact]
    public void No_method_in_src_is_over_40_lines()
    {
        var methods = SourceFiles().SelectMany(MethodsOf).ToList();
        Assert.True(methods.Count > 200, $"only {methods.Count} methods found under src/");

        var over = methods.Where(m => m.Lines > MaxMethodLines).Select(m => $"{m.Where}: {m.Lines} lines").ToList();

        Assert.True(over.Count == 0, $"methods over {MaxMethodLines} lines:\n  - " + string.Join("\n  - ", over));
    }

    [Fact]
    public void The_method_count_measures_a_method_from_its_signature_to_its_end()
    {
        const string source = """
            class C
            {
                [Obsolete]
                void M()
                {
                    var x = 1;
                }

                int P { get { return 1; } }
            }
            """;

        var methods = Methods(CSharpSyntaxTree.ParseText(source), "C.cs").ToDictionary(m => m.Where, m => m.Lines);

        Assert.Equal(4, methods["C.cs:4 M"]);
        Assert.Equal(1, methods["C.cs:9 get"]);
    }

    private static IEnumerable<(string Where, int Lines)> MethodsOf(string file) =>
        Methods(CSharpSyntaxTree.ParseText(File.ReadAllText(Repository.PathOf(file))), file);

    private static IEnumerable<(string Where, int Lines)> Methods(SyntaxTree tree, string file) =>
        tree.GetRoot().DescendantNodes().Select(node => node switch
        {
            BaseMethodDeclarationSyntax m => (Node: node, m.AttributeLists, Name: NameOf(m)),
            LocalFunctionStatementSyntax f => (Node: node, f.AttributeLists, Name: f.Identifier.Text),
            AccessorDeclarationSyntax a => (Node: node, a.AttributeLists, Name: a.Keyword.Text),
            _ => (Node: null!, default(SyntaxList<AttributeListSyntax>), Name: ""),
        })
        .Where(m => m.Node is not null)
        .Select(m =>
        {
            var start = m.AttributeLists.Count == 0 ? m.Node.GetFirstToken() : m.AttributeLists.Last().GetLastToken().GetNextToken();
            var first = tree.GetLineSpan(start.Span).StartLinePosition.Line;
            var last = tree.GetLineSpan(m.Node.Span).EndLinePosition.Line;
            return ($"{file}:{first + 1} {m.Name}", last - first + 1);
        });

    private static string NameOf(BaseMethodDeclarationSyntax m) => m switch
    {
        MethodDeclarationSyntax method => method.Identifier.Text,
        ConstructorDeclarationSyntax ctor => ctor.Identifier.Text,
        _ => m.Kind().ToString(),
    };
}
