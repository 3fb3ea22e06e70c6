using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AddressMaps.Tests.Http;

/// <summary>docs/parity.md against the code and the tests: every operation has a row, and every
/// claim of a row holds (see "How this table is checked" in that file).</summary>
public sealed partial class ParityTests(ApiFixture fixture) : ApiTest(fixture)
{
    // ---- the checks ----------------------------------------------------------------------------

    [Fact]
    public void Every_operation_of_the_spec_and_of_the_host_has_exactly_one_row()
    {
        Assert.True(Fixture.Schema.Available, "the shared OpenAPI description is needed for this comparison");
        var rows = ReadTable();
        var known = SpecOperations().Keys.Union(Endpoints().Keys).ToHashSet(StringComparer.Ordinal);

        NoProblems(known.Where(id => rows.All(r => r.Operation != id)).Select(id => $"no row for {id}"));
        NoProblems(rows.Where(r => !known.Contains(r.Operation)).Select(r => $"row {r.Operation} is neither in the spec nor an endpoint of the host"));
        NoProblems(rows.GroupBy(r => r.Operation).Where(g => g.Count() > 1).Select(g => $"{g.Key} has {g.Count()} rows"));
    }

    [Fact]
    public void Each_row_has_the_method_and_path_of_the_spec_and_of_the_host()
    {
        var spec = SpecOperations();
        var endpoints = Endpoints();
        var problems = new List<string>();
        foreach (var row in ReadTable())
        {
            if (spec.TryGetValue(row.Operation, out var s) && !SameRoute(row, s.Method, "/client/v4" + s.Template))
            {
                problems.Add($"{row.Operation}: row says {row.Method} {row.Path}, the spec {s.Method} /client/v4{s.Template}");
            }

            if (endpoints.TryGetValue(row.Operation, out var e) && !SameRoute(row, e.Method, e.Pattern))
            {
                problems.Add($"{row.Operation}: row says {row.Method} {row.Path}, the host {e.Method} {e.Pattern}");
            }
        }

        NoProblems(problems);
    }

    [Fact]
    public void Implemented_says_whether_the_host_has_the_endpoint()
    {
        var endpoints = Endpoints();

        NoProblems(ReadTable().Where(r => r.Implemented != endpoints.ContainsKey(r.Operation))
            .Select(r => $"{r.Operation}: row says implemented {YesNo(r.Implemented)}, the host {(endpoints.ContainsKey(r.Operation) ? "has" : "has no")} such endpoint"));
    }

    [Fact]
    public void Http_tests_says_whether_a_test_carries_Covers_for_the_operation()
    {
        var covered = CoveredOperations();

        NoProblems(ReadTable().Where(r => r.HttpTests != covered.ContainsKey(r.Operation))
            .Select(r => r.HttpTests
                ? $"{r.Operation}: row claims HTTP tests, but no test method carries [Covers(\"{r.Operation}\")]"
                : $"{r.Operation}: row says no HTTP tests, but {string.Join(", ", covered[r.Operation])} cover it"));
    }

    [Fact]
    public void Every_Covers_attribute_names_a_known_operation()
    {
        var known = SpecOperations().Keys.Union(Endpoints().Keys).ToHashSet(StringComparer.Ordinal);

        NoProblems(CoveredOperations().Where(c => !known.Contains(c.Key))
            .Select(c => $"[Covers(\"{c.Key}\")] on {string.Join(", ", c.Value)} names no operation of the spec or the host"));
    }

    [Fact]
    public void Schema_validated_is_claimed_only_for_spec_operations_and_for_all_of_those_with_http_tests()
    {
        var spec = SpecOperations();
        var problems = new List<string>();
        foreach (var row in ReadTable())
        {
            if (row.SchemaValidated && !spec.ContainsKey(row.Operation))
            {
                problems.Add($"{row.Operation}: row claims schema validation, but the operation is not in the spec");
            }
            else if (row.SchemaValidated != (spec.ContainsKey(row.Operation) && row.HttpTests))
            {
                problems.Add($"{row.Operation}: schema-validated should be {YesNo(spec.ContainsKey(row.Operation) && row.HttpTests)} (in the spec and covered by HTTP tests, whose every response is validated)");
            }
        }

        NoProblems(problems);
    }

    [Fact]
    public void Sdk_tested_names_a_method_the_client_suite_calls()
    {
        // The suites and their shared lib.mjs (which calls the zone methods for the SDK versions that have them).
        var clients = Path.Combine(Repository.Root, "tests", "clients");
        var suites = string.Join("\n", Directory.GetFiles(Path.Combine(clients, "suites"), "*.mjs").Append(Path.Combine(clients, "lib.mjs")).Select(File.ReadAllText));

        // The receiver is the suite's (client, owner, delegate…): the row's method after it is what counts.
        NoProblems(ReadTable().Where(r => r.SdkMethod is not null && !suites.Contains(r.SdkMethod[r.SdkMethod.IndexOf('.', StringComparison.Ordinal)..] + "(", StringComparison.Ordinal))
            .Select(r => $"{r.Operation}: row names {r.SdkMethod}, which tests/clients/suites/*.mjs and lib.mjs never call"));
    }

    [Fact]
    public void Curl_tested_says_whether_a_curl_script_sends_that_request()
    {
        var calls = Directory.GetFiles(Path.Combine(Repository.Root, "tests", "curl"), "*.sh").SelectMany(f => CurlRequests(File.ReadAllText(f))).ToList();
        Assert.NotEmpty(calls);

        NoProblems(ReadTable().Where(r => r.CurlTested != calls.Any(c => c.Method == r.Method && PathMatches(r.Path, c.Path)))
            .Select(r => r.CurlTested
                ? $"{r.Operation}: row claims a curl test, but tests/curl/*.sh sends no {r.Method} {r.Path}"
                : $"{r.Operation}: row says no curl test, but tests/curl/*.sh sends {r.Method} {r.Path}"));
    }

    [Fact]
    public void The_curl_reader_finds_direct_commands_and_wrapper_calls()
    {
        const string script = """
            api() {
              local method="$1" path="$2"
              curl "${BASE}/client/v4${path}" --request "$method" --silent
            }
            curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps" \
              --request POST \
              --json '{}'
            curl "$BASE/client/v4/accounts/$A/addressing/prefixes?x=1" -s
            code="$(api DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1" "$WORK/x.json")"
            curl --version
            """;

        var calls = CurlRequests(script).Select(c => $"{c.Method} {c.Path}").ToList();

        Assert.Equal(
            ["POST /client/v4/accounts/$ACCOUNT_ID/addressing/address_maps", "GET /client/v4/accounts/$A/addressing/prefixes", "DELETE /client/v4/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1"],
            calls);
        Assert.True(PathMatches("/client/v4/accounts/{account_id}/addressing/address_maps/{address_map_id}", "/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1"));
        Assert.False(PathMatches("/client/v4/accounts/{account_id}/addressing/address_maps", "/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1"));
        Assert.False(PathMatches("/client/v4/accounts/{account_id}/addressing/prefixes", "/client/v4/accounts/$A/addressing/$WHAT"));
    }

    /// <summary>Fails with every problem spelled out (Assert.Empty would truncate them).</summary>
    private static void NoProblems(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, $"docs/parity.md disagrees with the code or the tests:\n  - {string.Join("\n  - ", list)}");
    }

    // ---- docs/parity.md ------------------------------------------------------------------------

    private sealed record Row(string Operation, string Method, string Path, bool Implemented, bool HttpTests, bool SchemaValidated, string? SdkMethod, bool CurlTested);

    private static List<Row> ReadTable()
    {
        var path = Path.Combine(Repository.Root, "docs", "parity.md");
        var lines = File.ReadAllLines(path);
        var header = Array.FindIndex(lines, l => l.StartsWith('|') && Cells(l).FirstOrDefault() == "operation");
        Assert.True(header >= 0, $"{path} has no table whose first column is 'operation'");
        Assert.Equal(["operation", "method and path", "implemented", "HTTP tests", "schema-validated", "SDK-tested", "curl-tested"], Cells(lines[header]));

        var rows = new List<Row>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            Assert.True(cells.Count == 7, $"a row of {path} does not have 7 cells: {line}");
            var route = Unquote(cells[1]).Split(' ', 2);
            Assert.True(route.Length == 2 && route[0] is "GET" or "POST" or "PUT" or "PATCH" or "DELETE", $"'{cells[1]}' is not 'METHOD /path': {line}");
            var sdk = cells[5] == "no" ? null : Unquote(cells[5]);
            Assert.True(sdk is null || sdk.StartsWith("client.", StringComparison.Ordinal), $"SDK-tested must be 'no' or `client.…`: {line}");
            rows.Add(new Row(Unquote(cells[0]), route[0], route[1], YesNo(cells[2], line), YesNo(cells[3], line), YesNo(cells[4], line), sdk, YesNo(cells[6], line)));
        }

        Assert.NotEmpty(rows);
        return rows;
    }

    private static List<string> Cells(string line) => line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    private static string Unquote(string cell) => cell.Trim('`');

    private static bool YesNo(string cell, string line) => cell switch
    {
        "yes" => true,
        "no" => false,
        _ => throw new InvalidOperationException($"expected 'yes' or 'no', got '{cell}': {line}"),
    };

    private static string YesNo(bool value) => value ? "yes" : "no";

    // ---- what the row is compared with ---------------------------------------------------------

    private Dictionary<string, SpecOperation> SpecOperations() => Fixture.Schema.Operations.ToDictionary(o => o.Id, StringComparer.Ordinal);

    /// <summary>The named endpoints of the running host: name → (method, route pattern).</summary>
    private Dictionary<string, (string Method, string Pattern)> Endpoints()
    {
        var source = Fixture.Factory.Services.GetRequiredService<EndpointDataSource>();
        var named = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (name is null)
            {
                continue;
            }

            Assert.True(methods.Count == 1, $"endpoint {name} answers {methods.Count} methods");
            Assert.True(named.TryAdd(name, (methods[0], "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))), $"two endpoints are named {name}");
        }

        return named;
    }

    /// <summary>operationId → the test methods whose [Covers] name it.</summary>
    private static Dictionary<string, List<string>> CoveredOperations() =>
        typeof(ParityTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .SelectMany(m => m.GetCustomAttributes<CoversAttribute>().SelectMany(c => c.OperationIds).Select(id => (id, test: $"{m.DeclaringType!.Name}.{m.Name}")))
            .GroupBy(x => x.id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.test).Distinct().ToList(), StringComparer.Ordinal);

    private static bool SameRoute(Row row, string method, string pattern) =>
        row.Method == method && Shape(row.Path) == Shape(pattern);

    /// <summary>A route without parameter names or constraints: /a/{x:cfid}/b/{**y} → /a/{}/b/{}.</summary>
    private static string Shape(string route) => RouteParameter().Replace(route.TrimEnd('/'), "{}");

    // ---- tests/curl ----------------------------------------------------------------------------

    /// <summary>The (method, path) of every curl request a shell script sends to /client/v4.</summary>
    private static List<(string Method, string Path)> CurlRequests(string script)
    {
        var text = Regex.Replace(script, @"\\\r?\n", " "); // join continued lines
        var requests = new List<(int At, string Method, string Path)>();

        // Direct commands: curl "…/client/v4/…" [--request M | -X M] […].
        foreach (var line in text.Split('\n'))
        {
            var url = CurlUrl().Match(line);
            if (!url.Success || url.Groups[1].Value.Contains("/client/v4$", StringComparison.Ordinal))
            {
                continue; // no URL, or a wrapper's own curl whose path comes from a variable
            }

            var explicitMethod = CurlMethod().Match(line);
            var method = explicitMethod.Success ? explicitMethod.Groups[1].Value
                : CurlBodyOption().IsMatch(line) ? "POST" : "GET";
            requests.Add((text.IndexOf(line, StringComparison.Ordinal), method, StripQuery(url.Groups[1].Value)));
        }

        // Calls of wrapper functions: a function whose body runs curl against …/client/v4${path}.
        foreach (Match function in ShellFunction().Matches(text))
        {
            var body = function.Groups[2].Value;
            if (!body.Contains("curl ", StringComparison.Ordinal) || !body.Contains("/client/v4${path}", StringComparison.Ordinal))
            {
                continue;
            }

            var call = new Regex($@"\b{Regex.Escape(function.Groups[1].Value)}\s+(GET|POST|PUT|PATCH|DELETE)\s+""(/[^""]*)""");
            requests.AddRange(call.Matches(text).Select(m => (m.Index, m.Groups[1].Value, "/client/v4" + StripQuery(m.Groups[2].Value))));
        }

        return requests.OrderBy(r => r.At).Select(r => (r.Method, r.Path)).ToList();
    }

    private static string StripQuery(string url)
    {
        var at = url.IndexOf("/client/v4", StringComparison.Ordinal);
        var path = at >= 0 ? url[at..] : url;
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return query >= 0 ? path[..query] : path;
    }

    /// <summary>A template segment {x} matches any segment; a literal matches itself only.</summary>
    private static bool PathMatches(string template, string path)
    {
        var t = template.TrimEnd('/').Split('/');
        var p = path.TrimEnd('/').Split('/');
        return t.Length == p.Length && t.Zip(p).All(x => (x.First.StartsWith('{') && x.Second.Length > 0) || x.First == x.Second);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    [GeneratedRegex(@"\bcurl\s+""?([^""\s]*/client/v4[^""\s]*)""?")]
    private static partial Regex CurlUrl();

    [GeneratedRegex(@"(?:--request|-X)\s+""?([A-Z]+)""?")]
    private static partial Regex CurlMethod();

    [GeneratedRegex(@"\s(?:--json|--data(?:-raw|-binary)?|-d)\s")]
    private static partial Regex CurlBodyOption();

    [GeneratedRegex(@"(?ms)^(\w+)\(\)\s*\{(.*?)^\}")]
    private static partial Regex ShellFunction();
}
