using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Emulator;

/// <summary>Emulator-only reads, outside Cloudflare's API: what DNS would do with the maps.
/// Under /client/v4/accounts/{id}/addressing/emulator so that auth and envelope apply.</summary>
public sealed class EffectiveMapApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.Addressing + "/emulator").WithTags("Emulator extensions (not Cloudflare)");
        group.MapGet("/zones/{zone_id:cfid}/effective_address_map", EffectiveMap).WithOperation("emulator-effective-address-map-for-zone",
            "Which enabled address map DNS would use for this zone (zone membership beats account membership; disabled maps do nothing); result null when none").RequireAddressMapsRead();
    }

    public void AddServices(IServiceCollection services) => services.AddScoped<EffectiveMapService>();

    public static async Task<Ok<Envelope<AddressMapDetails>>> EffectiveMap(
        [FromRoute(Name = Routes.AccountId)] string accountId, [FromRoute(Name = "zone_id")] string zoneId, EffectiveMapService service, CancellationToken ct)
    {
        var map = await service.ForZoneAsync(accountId, zoneId, ct);
        return TypedResults.Ok(Envelope<AddressMapDetails>.Ok(map?.ToDetails()));
    }
}
