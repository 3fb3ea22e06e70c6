using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AddressMaps.Api.OpenApi;

/// <summary>Fills both documents with what makes Swagger UI work on the first click: parameter
/// values, request examples, every status with a real envelope, the credentials to paste.</summary>
public sealed class ExamplesFilter(DemoValuesHolder holder, IServiceScopeFactory scopes, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IDocumentAsyncFilter
{
    private JsonSerializerOptions Wire => json.Value.SerializerOptions;

    public async Task ApplyAsync(OpenApiDocument document, DocumentFilterContext context, CancellationToken cancellationToken)
    {
        var demo = holder.Values;
        var state = DemoState.Empty;
        if (demo is not null)
        {
            await using var scope = scopes.CreateAsyncScope();
            state = await DemoState.ReadAsync(scope.ServiceProvider.GetRequiredService<AddressMapsDbContext>(), demo, cancellationToken);
        }

        var controlPlane = context.DocumentName == ControlPlane.ControlPlaneApi.Document;
        document.Info.Description = controlPlane ? DocumentText.ControlPlane() : DocumentText.Cloudflare(demo);
        Describe(document, "api_token", DocumentText.TokenScheme(demo));
        Describe(document, "api_email", DocumentText.EmailScheme(demo));
        Describe(document, "api_key", DocumentText.KeyScheme(demo));
        foreach (var (path, item) in document.Paths)
        {
            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                Operation(operation, path, controlPlane, demo, state);
            }
        }

        // Each document lists only the schemes its operations use.
        foreach (var scheme in controlPlane ? new[] { "api_token", "api_email", "api_key" } : ["admin_token"])
        {
            document.Components?.SecuritySchemes?.Remove(scheme);
        }
    }

    private void Operation(OpenApiOperation operation, string path, bool controlPlane, DemoValues? demo, DemoState state)
    {
        var id = operation.OperationId ?? "";
        if (demo is not null)
        {
            Parameters(operation, id, demo, state);
        }

        Bodies(operation, RequestExamples.Bodies(id, state, demo));
        Failures(operation, controlPlane ? FailureExamples.ForControlPlane(id, operation.RequestBody is not null) : FailureExamples.ForCloudflare(id, path, demo));
        Success(operation, SuccessExamples.For(id, state, demo));
    }

    private static void Describe(OpenApiDocument document, string scheme, string text)
    {
        if (document.Components?.SecuritySchemes?.TryGetValue(scheme, out var s) == true && s is OpenApiSecurityScheme concrete)
        {
            concrete.Description = text;
        }
    }

    private static void Parameters(OpenApiOperation operation, string id, DemoValues demo, DemoState state)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            var value = RequestExamples.ParameterValue(id, parameter.Name ?? "", demo, state);
            if (value is not null)
            {
                parameter.Example = JsonValue.Create(value);
                if (parameter.Schema is OpenApiSchema schema)
                {
                    schema.Default = JsonValue.Create(value);
                }
            }
            else if (parameter.Name == "address_map_id")
            {
                parameter.Description = "No map in the demo account yet: execute Create Address Map, then reload the page and its id is filled in here.";
            }
        }
    }

    private static void Bodies(OpenApiOperation operation, IReadOnlyList<NamedExample> examples)
    {
        if (examples.Count == 0 || operation.RequestBody?.Content?.TryGetValue("application/json", out var media) != true || media is null)
        {
            return;
        }

        media.Example = null;
        media.Examples = examples.ToDictionary(e => e.Key, e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Description = e.Description, Value = e.Value });
    }

    private void Failures(OpenApiOperation operation, IReadOnlyDictionary<int, IReadOnlyList<FailureExample>> failures)
    {
        operation.Responses ??= [];
        var schema = operation.Responses.TryGetValue("4XX", out var generic) ? generic.Content?["application/json"].Schema : null;
        operation.Responses.Remove("4XX");
        foreach (var (status, examples) in failures.OrderBy(f => f.Key))
        {
            var codes = string.Join(", ", examples.Select(e => e.Error.Error.Code).Distinct());
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = $"Failure envelope, code {codes} (see the error catalogue)",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = schema,
                        Examples = examples.ToDictionary(e => e.Key, e => (IOpenApiExample)new OpenApiExample
                        {
                            Summary = $"{e.Error.Error.Code}: {e.Summary}",
                            Value = JsonSerializer.SerializeToNode(ApiResponses.ToEnvelope(e.Error), WireJsonContext.WireOptions),
                        }),
                    },
                },
            };
        }

        var sorted = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        sorted.ForEach(r => operation.Responses.Add(r.Key, r.Value));
    }

    private void Success(OpenApiOperation operation, object? example)
    {
        if (example is null || operation.Responses?.TryGetValue("200", out var ok) != true || ok?.Content?.TryGetValue("application/json", out var media) != true || media is null)
        {
            return;
        }

        media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), Wire);
    }
}

/// <summary>The demo values, read once (null with a user's seed).</summary>
public sealed record DemoValuesHolder(DemoValues? Values);
