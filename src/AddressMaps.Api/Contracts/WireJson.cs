using System.Text.Json;
using System.Text.Json.Serialization;

namespace AddressMaps.Api.Contracts;

/// <summary>The one JSON naming policy (snake_case) and the source-generated metadata for every
/// wire type. Applied to both the minimal-API and the MVC JSON options (Swashbuckle reads the
/// latter, its issue #3097).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(Envelope<IReadOnlyList<AddressMapSummary>>))]
[JsonSerializable(typeof(Envelope<AddressMapSummary>))]
[JsonSerializable(typeof(Envelope<AddressMapDetails>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<PrefixResponse>>))]
[JsonSerializable(typeof(Envelope<PrefixResponse>))]
[JsonSerializable(typeof(Envelope<TokenVerifyResponse>))]
[JsonSerializable(typeof(Envelope<object>))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(CreateAddressMapRequest))]
[JsonSerializable(typeof(UpdateAddressMapRequest))]
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
