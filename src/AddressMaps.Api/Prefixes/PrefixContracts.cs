using System.Text.Json;
using System.Text.Json.Serialization;

namespace AddressMaps.Api.Prefixes;

/// <summary>A BYOIP prefix, shaped as addressing_ipam-prefixes in Cloudflare's OpenAPI document.</summary>
public sealed record PrefixResponse(
    string AccountId,
    bool? Advertised,
    string? AdvertisedModifiedAt,
    string Approved,
    int? Asn,
    string Cidr,
    string CreatedAt,
    bool DelegateLoaCreation,
    // A plain string (not nullable) in Cloudflare's schema too: a seed prefix without one leaves it out.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description,
    string Id,
    string IrrValidationState,
    string? LoaDocumentId,
    string ModifiedAt,
    bool OnDemandEnabled,
    bool OnDemandLocked,
    string OwnershipValidationState,
    // Cloudflare's schema types this as a plain string (not nullable): leave it out rather than send null.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? OwnershipValidationToken,
    string RpkiValidationState);

/// <summary>Source-generated metadata of the prefix wire types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Envelope<IReadOnlyList<PrefixResponse>>))]
[JsonSerializable(typeof(Envelope<PrefixResponse>))]
public sealed partial class PrefixesJsonContext : JsonSerializerContext;
