using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Microsoft.Extensions.Options;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AddressMaps.Api.Platform;

/// <summary>Swagger document: Cloudflare's operationIds (endpoint names), snake_case schemas, the
/// error envelope on every operation, both credential styles, and the error catalogue; examples,
/// statuses and demo values come from <see cref="AddressMaps.Api.OpenApi.ExamplesFilter"/>.</summary>
public static class OpenApiSetup
{
    public static void AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton(sp => new OpenApi.DemoValuesHolder(OpenApi.DemoValues.For(sp.GetRequiredService<IOptions<AddressMapsOptions>>().Value)));
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "AddressMaps — Cloudflare Address Maps emulator",
                Version = "v4",
            });
            o.SwaggerDoc("emulator", new OpenApiInfo
            {
                Title = "AddressMaps control plane (/_emulator)",
                Version = "v1",
            });
            // Cloudflare's operations in v1, the control plane (group "emulator") in its own document.
            o.DocInclusionPredicate((document, api) => (api.GroupName ?? "v1") == document);
            o.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
            o.CustomSchemaIds(t => SchemaId(t));
            // Cloudflare's operations first, in path order; the emulator's own extension last.
            o.OrderActionsBy(api => (api.RelativePath?.Contains("/emulator/", StringComparison.Ordinal) == true ? "2" : "1") + api.RelativePath + api.HttpMethod);
            o.AddSecurityDefinition("api_token", new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "API token" });
            o.AddSecurityDefinition("api_email", new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Auth-Email" });
            o.AddSecurityDefinition("api_key", new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Auth-Key" });
            o.AddSecurityDefinition(AdminScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The control plane's admin token (AddressMaps__AdminToken). Not needed from loopback while none is set.",
            });
            o.OperationFilter<CloudflareOperationFilter>();
            o.DocumentAsyncFilter<OpenApi.ExamplesFilter>();
        });
    }

    /// <summary>Readable schema names: <c>AddressMapSummaryListEnvelope</c>, and
    /// <c>NullResultEnvelope</c> for the operations whose result is null.</summary>
    private static string SchemaId(Type t) =>
        t == typeof(object) ? "NullResult"
        : !t.IsGenericType ? t.Name
        : t.GetGenericTypeDefinition() == typeof(Envelope<>) ? SchemaId(t.GetGenericArguments()[0]) + "Envelope"
        : typeof(System.Collections.IEnumerable).IsAssignableFrom(t) ? SchemaId(t.GetGenericArguments()[0]) + "List"
        : SchemaId(t.GetGenericArguments()[0]) + t.Name.Split('`')[0];

    private const string AdminScheme = "admin_token";

    /// <summary>The documents and Swagger UI: Cloudflare's API first, the control plane in the
    /// definition selector; Try it out open, the schema list hidden, authorization kept. Both
    /// answer under /swagger only, so the other requests skip their two middlewares (issue 13:
    /// 2.8% of a details request's CPU, matching paths against their templates).</summary>
    public static void UseOpenApiDocuments(this WebApplication app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), swagger =>
        {
            swagger.UseSwagger();
            swagger.UseSwaggerUI(Ui);
        });

    private static void Ui(Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIOptions o)
    {
        o.SwaggerEndpoint("/swagger/v1/swagger.json", "AddressMaps");
        o.SwaggerEndpoint("/swagger/emulator/swagger.json", "AddressMaps control plane");
        o.DocumentTitle = "AddressMaps: Cloudflare Address Maps emulator";
        o.EnableTryItOutByDefault();
        o.EnablePersistAuthorization();
        o.DisplayRequestDuration();
        o.DefaultModelsExpandDepth(-1);
    }

    /// <summary>The error catalogue as a Markdown table, generated from <see cref="Errors.All"/>
    /// (the README's; the documents show it as HTML, <see cref="OpenApi.DocumentText"/>).</summary>
    public static string Catalogue()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Stateful emulator of Cloudflare's Address Maps API. Every answer is Cloudflare's envelope.");
        sb.AppendLine();
        sb.AppendLine("## Error catalogue");
        sb.AppendLine();
        sb.AppendLine("| code | HTTP | name | when | source |");
        sb.AppendLine("|---|---|---|---|---|");
        foreach (var e in Errors.All.OrderBy(e => e.Code))
        {
            sb.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"| {e.Code} | {e.HttpStatus} | {e.Name} | {e.When} | {(e.Observed ? "seen in Cloudflare answers" : "emulator's choice")} |");
        }

        return sb.ToString();
    }

    /// <summary>Documents a JSON body without <c>Accepts</c>, whose content-type matching would
    /// refuse the clients that send a body without <c>Content-Type: application/json</c>.</summary>
    public static RouteHandlerBuilder WithRequestBody<T>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequestBodyDocumentation(typeof(T)));

    private sealed record RequestBodyDocumentation(Type Type);

    private sealed class CloudflareOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequestBodyDocumentation>().FirstOrDefault() is { } body)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = false,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(body.Type, context.SchemaRepository) },
                    },
                };
            }

            var schema = context.SchemaGenerator.GenerateSchema(typeof(ErrorEnvelope), context.SchemaRepository);
            operation.Responses ??= new OpenApiResponses();
            operation.Responses["4XX"] = new OpenApiResponse
            {
                Description = "Failure envelope (see the error catalogue)",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
            operation.Responses["500"] = new OpenApiResponse
            {
                Description = "Unhandled fault, still in the failure envelope (code 10001)",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
            operation.Security ??= [];
            if (context.DocumentName == ControlPlane.ControlPlaneApi.Document)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminScheme, context.Document)] = [] });
                return;
            }

            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("api_token", context.Document)] = [] });
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("api_email", context.Document)] = [],
                [new OpenApiSecuritySchemeReference("api_key", context.Document)] = [],
            });
        }
    }
}
