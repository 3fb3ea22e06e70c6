using AddressMaps.Api.Auth;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AddressMaps.Api.Endpoints;

/// <summary>The two BYOIP prefix reads: which IPs an account owns.</summary>
public static class PrefixesApi
{
    public static RouteGroupBuilder MapPrefixes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/client/v4/accounts/{account_id:cfid}/addressing/prefixes").WithTags("IP Address Management Prefixes");
        group.MapGet("", List)
            .WithName("ip-address-management-prefixes-list-prefixes").WithSummary("List Prefixes")
            .RequirePrefixesRead();
        group.MapGet("/{prefix_id:cfid}", Get)
            .WithName("ip-address-management-prefixes-prefix-details").WithSummary("Prefix Details")
            .RequirePrefixesRead();
        return group;
    }

    public static async Task<Ok<Envelope<IReadOnlyList<PrefixResponse>>>> List(
        [FromRoute(Name = "account_id")] string accountId, AddressMapService service, CancellationToken ct)
    {
        var prefixes = await service.ListPrefixesAsync(accountId, ct);
        return TypedResults.Ok(ApiResponses.Ok<IReadOnlyList<PrefixResponse>>(prefixes.Select(p => p.ToResponse()).ToList()));
    }

    public static async Task<Ok<Envelope<PrefixResponse>>> Get(
        [FromRoute(Name = "account_id")] string accountId, [FromRoute(Name = "prefix_id")] string prefixId, AddressMapService service, CancellationToken ct)
    {
        var prefix = await service.GetPrefixAsync(accountId, prefixId, ct);
        return TypedResults.Ok(ApiResponses.Ok(prefix.ToResponse()));
    }
}
