using System.Text.Json.Serialization;

namespace AddressMaps.Api.Delegations;

/// <summary>A delegation as the official SDKs type it (addressing.prefixes.delegations, CONTRACT
/// §10.2); keys in alphabetical order, as Cloudflare's answers are.</summary>
public sealed record DelegationResponse(string Cidr, string CreatedAt, string DelegatedAccountId, string Id, string ModifiedAt, string ParentPrefixId);

/// <summary>What a delete answers: the delegation's id.</summary>
public sealed record DeletedDelegation(string Id);

/// <summary>POST body: <c>{cidr, delegated_account_id}</c>, both required.</summary>
public sealed record CreateDelegationRequest(string? Cidr, string? DelegatedAccountId)
{
    public static async ValueTask<CreateDelegationRequest?> BindAsync(HttpContext context) =>
        (await JsonBody.ReadObjectAsync(context, DelegationsJsonContext.Default.CreateDelegationRequest)).Value;
}

/// <summary>Source-generated metadata of the delegation wire types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateDelegationRequest))]
[JsonSerializable(typeof(Envelope<DelegationResponse>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<DelegationResponse>>))]
[JsonSerializable(typeof(Envelope<DeletedDelegation>))]
public sealed partial class DelegationsJsonContext : JsonSerializerContext;
