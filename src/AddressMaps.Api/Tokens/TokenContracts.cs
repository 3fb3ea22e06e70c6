using System.Text.Json;
using System.Text.Json.Serialization;

namespace AddressMaps.Api.Tokens;

/// <summary>Result of GET /user/tokens/verify.</summary>
public sealed record TokenVerifyResponse(
    string Id,
    string Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExpiresOn,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NotBefore);

/// <summary>Source-generated metadata of the token wire types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Envelope<TokenVerifyResponse>))]
public sealed partial class TokensJsonContext : JsonSerializerContext;
