using AddressMaps.Api.Auth;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Infrastructure;
using AddressMaps.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AddressMaps.Api.Endpoints;

/// <summary>Route table for address maps themselves (CONTRACT §4); names are Cloudflare's operationIds.</summary>
public static class AddressMapsApi
{
    public const string Tag = "IP Address Management Address Maps";

    public static RouteGroupBuilder MapAddressMaps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/client/v4/accounts/{account_id:cfid}/addressing/address_maps").WithTags(Tag);
        group.AddEndpointFilterFactory(ValidationFilter.Factory);

        group.MapGet("", List)
            .WithName("ip-address-management-address-maps-list-address-maps").WithSummary("List Address Maps")
            .WithDescription("List all address maps owned by the account. Optional filters: ?ip= (maps holding that IP) and ?cidr= (maps holding any IP inside it).")
            .RequireAddressMapsRead();
        group.MapPost("", Create)
            .WithName("ip-address-management-address-maps-create-address-map").WithSummary("Create Address Map")
            .WithRequestBody<CreateAddressMapRequest>()
            .RequireAddressMapsWrite();
        group.MapGet("/{address_map_id:cfid}", Get)
            .WithName("ip-address-management-address-maps-address-map-details").WithSummary("Address Map Details")
            .RequireAddressMapsRead();
        group.MapPatch("/{address_map_id:cfid}", Update)
            .WithName("ip-address-management-address-maps-update-address-map").WithSummary("Update Address Map")
            .WithRequestBody<UpdateAddressMapRequest>()
            .RequireAddressMapsWrite();
        group.MapDelete("/{address_map_id:cfid}", Delete)
            .WithName("ip-address-management-address-maps-delete-address-map").WithSummary("Delete Address Map")
            .RequireAddressMapsWrite();
        return group;
    }

    public sealed record AccountRoute([FromRoute(Name = "account_id")] string AccountId, AddressMapService Service, HttpContext Http);

    public sealed record MapRoute(
        [FromRoute(Name = "account_id")] string AccountId,
        [FromRoute(Name = "address_map_id")] string AddressMapId,
        AddressMapService Service,
        HttpContext Http);

    public static async Task<Ok<Envelope<IReadOnlyList<AddressMapSummary>>>> List(
        [AsParameters] AccountRoute route, [FromQuery] string? ip, [FromQuery] string? cidr)
    {
        var maps = await route.Service.ListAsync(route.AccountId, ip, cidr, route.Http.RequestAborted);
        return TypedResults.Ok(ApiResponses.Ok<IReadOnlyList<AddressMapSummary>>(maps.Select(m => m.ToSummary()).ToList()));
    }

    public static async Task<Ok<Envelope<AddressMapDetails>>> Create([AsParameters] AccountRoute route, CreateAddressMapRequest body)
    {
        var map = await route.Service.CreateAsync(route.AccountId, body, route.Http.RequestAborted);
        return TypedResults.Ok(ApiResponses.Ok(map.ToDetails()));
    }

    public static async Task<Ok<Envelope<AddressMapDetails>>> Get([AsParameters] MapRoute route)
    {
        var map = await route.Service.GetAsync(route.AccountId, route.AddressMapId, route.Http.RequestAborted);
        return TypedResults.Ok(ApiResponses.Ok(map.ToDetails()));
    }

    public static async Task<Ok<Envelope<AddressMapSummary>>> Update([AsParameters] MapRoute route, UpdateAddressMapRequest body)
    {
        var map = await route.Service.UpdateAsync(route.AccountId, route.AddressMapId, body, route.Http.RequestAborted);
        return TypedResults.Ok(ApiResponses.Ok(map.ToSummary()));
    }

    public static async Task<Ok<Envelope<object>>> Delete([AsParameters] MapRoute route)
    {
        await JsonBody.DiscardAsync(route.Http);
        await route.Service.DeleteAsync(route.AccountId, route.AddressMapId, route.Http.RequestAborted);
        return TypedResults.Ok(ApiResponses.Ok<object>(null));
    }
}
