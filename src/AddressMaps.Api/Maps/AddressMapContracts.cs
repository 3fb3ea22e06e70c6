using System.Text.Json;
using System.Text.Json.Serialization;

namespace AddressMaps.Api.Maps;

// Wire shapes of an address map (CONTRACT §3). Properties are in alphabetical order, as in the
// real capture of CONTRACT §9. Timestamps are pre-formatted strings (RFC 3339, trimmed).

/// <summary>Summary object: list items and the PATCH result.</summary>
public sealed record AddressMapSummary(
    bool CanDelete,
    bool CanModifyIps,
    string CreatedAt,
    string? DefaultSni,
    string? Description,
    bool Enabled,
    string Id,
    string ModifiedAt);

/// <summary>Full object: details and the POST result.</summary>
public sealed record AddressMapDetails(
    bool CanDelete,
    bool CanModifyIps,
    string CreatedAt,
    string? DefaultSni,
    string? Description,
    bool Enabled,
    string Id,
    IReadOnlyList<AddressMapIpResponse> Ips,
    IReadOnlyList<MembershipResponse> Memberships,
    string ModifiedAt);

public sealed record AddressMapIpResponse(string CreatedAt, string Ip);

public sealed record MembershipResponse(bool CanDelete, string CreatedAt, string Identifier, string Kind);

public sealed record MembershipRequest(string? Identifier, string? Kind);

/// <summary>POST body. Every field optional; an explicit null means absent (CONTRACT §4).</summary>
public sealed partial record CreateAddressMapRequest(
    string? Description,
    bool? Enabled,
    IReadOnlyList<string?>? Ips,
    IReadOnlyList<MembershipRequest?>? Memberships,
    string? DefaultSni);

/// <summary>PATCH body. <see cref="Present"/> holds the keys the client sent, so that an absent
/// key (unchanged) differs from null (clears description/default_sni).</summary>
public sealed partial record UpdateAddressMapRequest(string? Description, string? DefaultSni, bool? Enabled)
{
    [JsonIgnore]
    public IReadOnlySet<string> Present { get; init; } = new HashSet<string>();

    public bool Has(string key) => Present.Contains(key);
}

// Body binding: minimal APIs call BindAsync instead of [FromBody], which would answer 415 to
// the TypeScript SDK's body-less requests and ProblemDetails to malformed JSON.
public sealed partial record CreateAddressMapRequest
{
    public static async ValueTask<CreateAddressMapRequest?> BindAsync(HttpContext context)
    {
        var (value, _) = await JsonBody.ReadObjectAsync(context, MapsJsonContext.Default.CreateAddressMapRequest);
        return value;
    }
}

public sealed partial record UpdateAddressMapRequest
{
    public static async ValueTask<UpdateAddressMapRequest?> BindAsync(HttpContext context)
    {
        var (value, keys) = await JsonBody.ReadObjectAsync(context, MapsJsonContext.Default.UpdateAddressMapRequest);
        return value with { Present = keys };
    }
}

/// <summary>Source-generated metadata of the address-map wire types (snake_case, strict numbers).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(Envelope<IReadOnlyList<AddressMapSummary>>))]
[JsonSerializable(typeof(Envelope<AddressMapSummary>))]
[JsonSerializable(typeof(Envelope<AddressMapDetails>))]
[JsonSerializable(typeof(CreateAddressMapRequest))]
[JsonSerializable(typeof(UpdateAddressMapRequest))]
public sealed partial class MapsJsonContext : JsonSerializerContext;
