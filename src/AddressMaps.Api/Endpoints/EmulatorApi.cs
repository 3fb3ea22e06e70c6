using AddressMaps.Api.Auth;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AddressMaps.Api.Endpoints;

/// <summary>Emulator-only reads, outside Cloudflare's API: what DNS would do with the maps.
/// Under /client/v4/accounts/{id}/addressing/emulator so that auth and envelope apply.</summary>
public static class EmulatorApi
{
    public static RouteGroupBuilder MapEmulatorExtensions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/client/v4/accounts/{account_id:cfid}/addressing/emulator").WithTags("Emulator extensions (not Cloudflare)");
        group.MapGet("/zones/{zone_id:cfid}/effective_address_map", EffectiveMap)
            .WithName("emulator-effective-address-map-for-zone")
            .WithSummary("Which enabled address map DNS would use for this zone (zone membership beats account membership; disabled maps do nothing); result null when none")
            .RequireAddressMapsRead();
        return group;
    }

    public static async Task<Ok<Envelope<AddressMapDetails>>> EffectiveMap(
        [FromRoute(Name = "account_id")] string accountId, [FromRoute(Name = "zone_id")] string zoneId, AddressMapService service, CancellationToken ct)
    {
        var map = await service.EffectiveMapForZoneAsync(accountId, zoneId, ct);
        return TypedResults.Ok(ApiResponses.Ok(map?.ToDetails()));
    }
}
