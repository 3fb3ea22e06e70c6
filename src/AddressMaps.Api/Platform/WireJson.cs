using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AddressMaps.Api.Platform;

/// <summary>The one JSON naming policy (snake_case) and the source-generated metadata of the
/// envelope. Applied to both the minimal-API and the MVC JSON options (Swashbuckle reads the
/// latter, its issue #3097). Each capability adds the metadata of its own wire types with
/// <see cref="WireJson.AddWireTypes"/>, under the same options.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(Envelope<object>))]
[JsonSerializable(typeof(ErrorEnvelope))]
public sealed partial class WireJsonContext : JsonSerializerContext
{
    /// <summary>Options for writing outside the framework's JSON result (the error path).</summary>
    private static readonly Lazy<JsonSerializerOptions> Wire = new(Create);

    // Lazy: a static initializer here could run before the generated Default exists.
    public static JsonSerializerOptions WireOptions => Wire.Value;

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions();
        Apply(options);
        options.MakeReadOnly();
        return options;
    }

    public static void Apply(JsonSerializerOptions options)
    {
        // Quotes and non-ASCII as themselves, as Cloudflare writes them (not \u0027).
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.TypeInfoResolverChain.Insert(0, Default);
    }
}

public static class WireJson
{
    /// <summary>Adds a capability's source-generated wire types to both JSON option types.</summary>
    public static IServiceCollection AddWireTypes(this IServiceCollection services, IJsonTypeInfoResolver resolver)
    {
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(resolver));
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => o.JsonSerializerOptions.TypeInfoResolverChain.Add(resolver));
        return services;
    }
}
