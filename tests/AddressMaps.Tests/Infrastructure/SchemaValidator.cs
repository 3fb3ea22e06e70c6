using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AddressMaps.Tests.Infrastructure;

/// <summary>Validates responses against Cloudflare's published OpenAPI description
/// (../shared/contract/cloudflare-address-maps.openapi.json) with JsonSchema.Net.
/// The OpenAPI 3.0 dialect is turned into JSON Schema 2020-12 first (nullable → type union,
/// component refs → $defs). Failures are validated against the failure envelope
/// (addressing_api-response-common-failure) alone: the spec's 4XX schemas combine the success and
/// failure envelopes with allOf, which no failure body can satisfy (success: true and false).
/// Counts what it validated per operationId (thread-safe), for <see cref="SchemaCoverage"/>.</summary>
public sealed class SchemaValidator
{
    public const string SpecRelativePath = "shared/contract/cloudflare-address-maps.openapi.json";

    /// <summary>Tally key of failures whose method and path match no operation of the spec.</summary>
    public const string OutsideSpec = "(outside the spec)";

    private const string FailureSchema = "addressing_api-response-common-failure";

    private readonly List<Operation> operations = [];
    private readonly JsonSchema? failure;
    private readonly ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);
    private int validated;
    private int successesOutsideSpec;

    private SchemaValidator(string? path)
    {
        SpecPath = path;
        if (path is null)
        {
            return;
        }

        var spec = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var defs = Convert(spec["components"]!["schemas"]!.DeepClone())!.AsObject();
        failure = Build(defs, FailureSchema);
        foreach (var (template, item) in spec["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var schemaRef = op!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>();
                operations.Add(new Operation(
                    method.ToUpperInvariant(),
                    template,
                    op["operationId"]!.GetValue<string>(),
                    TemplateRegex(template),
                    Build(defs, schemaRef.Split('/').Last())));
            }
        }
    }

    public string? SpecPath { get; }

    public bool Available => SpecPath is not null;

    /// <summary>Responses validated so far, successes and failures.</summary>
    public int Validated => validated;

    /// <summary>Success responses under /client/v4 whose path is not in the spec (nothing to validate against).</summary>
    public int SuccessesOutsideSpec => successesOutsideSpec;

    public IReadOnlyList<string> OperationIds => operations.Select(o => o.Id).ToList();

    /// <summary>The spec's operations, in the spec's order.</summary>
    public IReadOnlyList<SpecOperation> Operations => operations.Select(o => new SpecOperation(o.Id, o.Method, o.Template)).ToList();

    /// <summary>Validated successes and failures of one operationId (or <see cref="OutsideSpec"/>).</summary>
    public (int Successes, int Failures) Counts(string operationId) =>
        tallies.TryGetValue(operationId, out var t) ? (Volatile.Read(ref t.Successes), Volatile.Read(ref t.Failures)) : (0, 0);

    public static SchemaValidator Load() => new(FindSpec());

    /// <summary>Walks up from the test binaries to the folder holding shared/ (the workspace).</summary>
    public static string? FindSpec()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, SpecRelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Validates one response; returns the operationId it was checked against (null when the
    /// path is not in the spec and the body is a success). Throws on a violation.</summary>
    public string? Validate(string method, string path, int status, string body)
    {
        if (!Available)
        {
            return null;
        }

        var relative = path.StartsWith("/client/v4", StringComparison.Ordinal) ? path["/client/v4".Length..] : path;
        var operation = operations.FirstOrDefault(o => o.Method == method && o.Path.IsMatch(relative));
        var isFailure = status >= 400;
        var schema = isFailure ? failure : operation?.Success;
        if (schema is null)
        {
            Interlocked.Increment(ref successesOutsideSpec);
            return null;
        }

        using var document = JsonDocument.Parse(body);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var details = string.Join("; ", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
            throw new InvalidOperationException($"Response to {method} {path} ({status}) violates {(isFailure ? FailureSchema : operation!.Id)}: {details}\nBody: {body}");
        }

        Interlocked.Increment(ref validated);
        var tally = tallies.GetOrAdd(operation?.Id ?? OutsideSpec, _ => new Tally());
        if (isFailure)
        {
            Interlocked.Increment(ref tally.Failures);
        }
        else
        {
            Interlocked.Increment(ref tally.Successes);
        }

        return isFailure ? FailureSchema : operation!.Id;
    }

    private static JsonSchema Build(JsonObject defs, string name)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = defs.DeepClone(),
            ["$ref"] = "#/$defs/" + name,
        };
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://addressmaps.test/{name}"));
    }

    /// <summary>OpenAPI 3.0 schema → JSON Schema 2020-12.</summary>
    private static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    obj[key] = Convert(obj[key]?.DeepClone());
                }

                if (obj["$ref"] is JsonValue r && r.GetValue<string>() is var reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                {
                    obj["$ref"] = "#/$defs/" + reference["#/components/schemas/".Length..];
                }

                if (obj["nullable"] is JsonValue n && n.GetValue<bool>())
                {
                    obj.Remove("nullable");
                    if (obj["type"] is JsonValue t)
                    {
                        obj["type"] = new JsonArray(t.GetValue<string>(), "null");
                    }
                }

                obj.Remove("example");
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Convert(array[i]?.DeepClone());
                }

                return array;
            default:
                return node;
        }
    }

    private static Regex TemplateRegex(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", m => m.Groups[1].Value == "ip_address" ? ".+" : "[^/]+") + "$");

    private sealed record Operation(string Method, string Template, string Id, Regex Path, JsonSchema Success);

    private sealed class Tally
    {
        public int Successes;
        public int Failures;
    }
}

/// <summary>One operation of Cloudflare's OpenAPI description: operationId, method, and path
/// template relative to /client/v4.</summary>
public sealed record SpecOperation(string Id, string Method, string Template);

/// <summary>Validates every response the HTTP tests receive (successes and failures).</summary>
public sealed class SchemaValidatingHandler(SchemaValidator validator) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (path.StartsWith("/client/v4", StringComparison.Ordinal))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            validator.Validate(request.Method.Method, Uri.UnescapeDataString(path), (int)response.StatusCode, body);
            // Hand the body on unchanged, with its headers.
            var content = new StringContent(body);
            content.Headers.Clear();
            foreach (var header in response.Content.Headers)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = content;
        }

        return response;
    }
}
