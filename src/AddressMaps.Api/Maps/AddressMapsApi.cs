using FluentValidation;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Maps;

/// <summary>Route table for address maps themselves (CONTRACT §4); names are Cloudflare's operationIds.</summary>
public sealed class AddressMapsApi : ICapability
{
    public const string Tag = "IP Address Management Address Maps";

    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.AddressMaps).WithTags(Tag);
        group.AddEndpointFilterFactory(ValidationFilter.Factory);

        group.MapGet("", List).WithOperation("ip-address-management-address-maps-list-address-maps", "List Address Maps").RequireAddressMapsRead()
            .WithDescription("List all address maps owned by the account. Optional filters: ?ip= (maps holding that IP) and ?cidr= (maps holding any IP inside it).");
        group.MapPost("", Create).WithOperation("ip-address-management-address-maps-create-address-map", "Create Address Map").WithRequestBody<CreateAddressMapRequest>().RequireAddressMapsWrite();
        group.MapGet("/{address_map_id}", Get).WithOperation("ip-address-management-address-maps-address-map-details", "Address Map Details").RequireAddressMapsRead();
        group.MapPatch("/{address_map_id}", Update).WithOperation("ip-address-management-address-maps-update-address-map", "Update Address Map").WithRequestBody<UpdateAddressMapRequest>().RequireAddressMapsWrite();
        group.MapDelete("/{address_map_id}", Delete).WithOperation("ip-address-management-address-maps-delete-address-map", "Delete Address Map").RequireAddressMapsWrite();
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<MapAccess>();
        services.AddScoped<MapCreation>();
        services.AddScoped<AddressMapService>();
        services.AddSingleton<ListCache>();
        // Singleton: validators are stateless, and the filter factory resolves them once per endpoint.
        services.AddSingleton<IValidator<CreateAddressMapRequest>, CreateAddressMapRequestValidator>();
        services.AddWireTypes(MapsJsonContext.Default);
    }

    public sealed record AccountRoute([FromRoute(Name = Routes.AccountId)] string AccountId, AddressMapService Service, HttpContext Http);

    /// <summary>The whole list is answered through this process's copy (<see cref="ListCache"/>); a
    /// filtered one is read each time.</summary>
    public static async Task<JsonAnswer<Envelope<IReadOnlyList<AddressMapSummary>>>> List(
        [AsParameters] AccountRoute route, [FromQuery] string? ip, [FromQuery] string? cidr, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        byte[] Write(IReadOnlyList<AddressMapSummary> maps) =>
            JsonAnswer<Envelope<IReadOnlyList<AddressMapSummary>>>.Write(Envelope<IReadOnlyList<AddressMapSummary>>.Ok(maps), json.Value.SerializerOptions);
        var ct = route.Http.RequestAborted;
        var answer = ip is null && cidr is null
            ? await route.Service.ListAnswerAsync(route.AccountId, Write, ct)
            : Write(await route.Service.ListAsync(route.AccountId, ip, cidr, ct));
        return new(answer);
    }

    public static async Task<Ok<Envelope<AddressMapDetails>>> Create([AsParameters] AccountRoute route, CreateAddressMapRequest body)
    {
        var map = await route.Service.CreateAsync(route.AccountId, body, Memberships.MembershipsApi.Reaches(route.Http), route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<AddressMapDetails>.Ok(map.ToDetails()));
    }

    public static async Task<Ok<Envelope<AddressMapDetails>>> Get([AsParameters] MapRoute<AddressMapService> route)
    {
        var map = await route.Service.GetAsync(route.AccountId, route.AddressMapId, route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<AddressMapDetails>.Ok(map.ToDetails()));
    }

    public static async Task<Ok<Envelope<AddressMapSummary>>> Update([AsParameters] MapRoute<AddressMapService> route, UpdateAddressMapRequest body)
    {
        var map = await route.Service.UpdateAsync(route.AccountId, route.AddressMapId, body, route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<AddressMapSummary>.Ok(map.ToSummary()));
    }

    public static async Task<Ok<Envelope<object>>> Delete([AsParameters] MapRoute<AddressMapService> route)
    {
        await JsonBody.DiscardAsync(route.Http);
        await route.Service.DeleteAsync(route.AccountId, route.AddressMapId, route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<object>.Ok(null));
    }
}
