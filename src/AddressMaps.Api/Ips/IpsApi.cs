namespace AddressMaps.Api.Ips;

/// <summary>Route table for a map's IPs. Bodies are ignored whatever they are (clients send none,
/// {}, or nulls; CONTRACT §4), up to the body limit.</summary>
public sealed class IpsApi : ICapability
{
    // A catch-all, so that a CIDR such as 203.0.113.0/24 reaches the handler and is refused by name.
    private const string IpAddress = "/{**ip_address}";

    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.AddressMap + "/ips").WithTags(Maps.AddressMapsApi.Tag);
        group.MapPut(IpAddress, Add).WithOperation("ip-address-management-address-maps-add-an-ip-to-an-address-map", "Add an IP to an Address Map").RequireAddressMapsWrite();
        group.MapDelete(IpAddress, Remove).WithOperation("ip-address-management-address-maps-remove-an-ip-from-an-address-map", "Remove an IP from an Address Map").RequireAddressMapsWrite();
    }

    public void AddServices(IServiceCollection services) => services.AddScoped<IpService>();

    public static Task<Ok<Envelope<object>>> Add([AsParameters] MapRoute<IpService> r, [FromRoute(Name = "ip_address")] string ip) =>
        SubResource.Run(r.Http, ct => r.Service.AddAsync(r.AccountId, r.AddressMapId, Uri.UnescapeDataString(ip), ct));

    public static Task<Ok<Envelope<object>>> Remove([AsParameters] MapRoute<IpService> r, [FromRoute(Name = "ip_address")] string ip) =>
        SubResource.Run(r.Http, ct => r.Service.RemoveAsync(r.AccountId, r.AddressMapId, Uri.UnescapeDataString(ip), ct));
}
