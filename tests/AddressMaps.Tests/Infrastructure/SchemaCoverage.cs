using System.Reflection;
using System.Text.Encodings.Web;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>What the HTTP tests proved against Cloudflare's OpenAPI description: per operationId,
/// how many success and failure responses the <see cref="SchemaValidator"/> validated. Written each
/// time an HTTP test class ends (<see cref="ApiFixture.DisposeAsync"/>) to the file named by
/// <c>ADDRESSMAPS_SCHEMA_REPORT</c>, else to <c>schema-validation.json</c> beside the test assembly.
/// At the end of the run, once every HTTP test class has ended, the check is judged: it fails the
/// run (an exception in a collection fixture's DisposeAsync makes <c>dotnet test</c> exit non-zero;
/// one in a class fixture's does not) when the spec is available and an operation of the spec got
/// no validated 200. A partial run (a <c>--filter</c> that leaves
/// out whole test classes) is reported but not judged: it cannot be expected to reach every
/// operation.</summary>
public static class SchemaCoverage
{
    public const string ReportVariable = "ADDRESSMAPS_SCHEMA_REPORT";
    public const string DefaultFileName = "schema-validation.json";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<Type> EndedClasses = [];

    /// <summary>The run's validator: every HTTP test's client validates through it.</summary>
    public static SchemaValidator Validator { get; } = SchemaValidator.Load();

    /// <summary>Records that <paramref name="testClass"/> has ended and writes the report so far.</summary>
    public static async Task ClassEndedAsync(Type testClass)
    {
        await Gate.WaitAsync();
        try
        {
            EndedClasses.Add(testClass);
            Write(EndedClasses);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>At the end of the run (<see cref="RunEnd"/>): once every HTTP test class has ended,
    /// stops the worlds and judges the report, throwing when the check failed.</summary>
    public static async Task RunEndedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (ExpectedTestClasses.IsSubsetOf(EndedClasses))
            {
                await ApiWorlds.DisposeAllAsync();
            }

            var (check, detail, path) = Write(EndedClasses);
            if (check == "failed")
            {
                throw new InvalidOperationException($"Schema coverage check failed: {detail}. Report: {path}");
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public static string ReportPath()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ReportVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Path.Combine(AppContext.BaseDirectory, DefaultFileName) : Path.GetFullPath(fromEnvironment);
    }

    /// <summary>The HTTP test classes of this assembly that have at least one test not skipped.</summary>
    private static readonly IReadOnlySet<Type> ExpectedTestClasses =
        typeof(ApiTest).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ApiTest).IsAssignableFrom(t))
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(m => m.GetCustomAttribute<FactAttribute>() is { Skip: null }))
            .ToHashSet();

    /// <summary>Writes the report; returns its check, the check's detail and where it was written.</summary>
    private static (string Check, string Detail, string Path) Write(IReadOnlySet<Type> endedTestClasses)
    {
        var validator = Validator;
        var operations = validator.Operations.Select(o => (Operation: o, Counts: validator.Counts(o.Id))).ToList();
        var withoutSuccess = operations.Where(o => o.Counts.Successes == 0).Select(o => o.Operation.Id).ToList();
        var notRun = ExpectedTestClasses.Where(t => !endedTestClasses.Contains(t)).Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

        string check, detail;
        if (!validator.Available)
        {
            (check, detail) = ("unavailable", $"the OpenAPI description ({SchemaValidator.SpecRelativePath}) was not found above {AppContext.BaseDirectory}; nothing was validated");
        }
        else if (notRun.Count > 0)
        {
            (check, detail) = ("skipped", $"partial run: {notRun.Count} HTTP test class(es) did not run, or have not ended yet ({string.Join(", ", notRun)})");
        }
        else if (withoutSuccess.Count > 0)
        {
            (check, detail) = ("failed", $"no validated 200 response for {withoutSuccess.Count} operation(s) of the spec: {string.Join(", ", withoutSuccess)}");
        }
        else
        {
            (check, detail) = ("passed", $"every one of the {operations.Count} operations of the spec has validated 200 responses");
        }

        var path = ReportPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path))
        using (var json = new Utf8JsonWriter(stream, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("spec", validator.SpecPath);
            json.WriteString("check", check);
            json.WriteString("check_detail", detail);
            json.WriteNumber("total_validated", validator.Validated);
            json.WriteNumber("success_validated", operations.Sum(o => o.Counts.Successes));
            json.WriteNumber("failure_validated", validator.Validated - operations.Sum(o => o.Counts.Successes));
            json.WriteNumber("spec_operations", operations.Count);
            json.WriteNumber("spec_operations_with_success", operations.Count - withoutSuccess.Count);
            json.WriteNumber("failures_outside_spec", validator.Counts(SchemaValidator.OutsideSpec).Failures);
            json.WriteNumber("successes_outside_spec_not_validated", validator.SuccessesOutsideSpec);
            json.WriteStartArray("operations_without_success");
            withoutSuccess.ForEach(json.WriteStringValue);
            json.WriteEndArray();
            json.WriteStartArray("operations");
            foreach (var (operation, counts) in operations)
            {
                json.WriteStartObject();
                json.WriteString("operation_id", operation.Id);
                json.WriteString("method", operation.Method);
                json.WriteString("path", operation.Template);
                json.WriteNumber("success", counts.Successes);
                json.WriteNumber("failure", counts.Failures);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return (check, detail, path);
    }
}
