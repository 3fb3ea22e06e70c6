namespace AddressMaps.Api.Memberships;

/// <summary>Route tables for a map's zone and account memberships. Bodies are ignored whatever
/// they are (CONTRACT §4), up to the body limit.</summary>
public sealed class MembershipsApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var zones = app.MapGroup(Routes.AddressMap + "/zones").WithTags(Maps.AddressMapsApi.Tag);
        zones.MapPut("/{zone_id:cfid}", AddZone).WithOperation("ip-address-management-address-maps-add-a-zone-membership-to-an-address-map", "Add a zone membership to an Address Map").RequireAddressMapsWrite();
        zones.MapDelete("/{zone_id:cfid}", RemoveZone).WithOperation("ip-address-management-address-maps-remove-a-zone-membership-from-an-address-map", "Remove a zone membership from an Address Map").RequireAddressMapsWrite();

        // Cloudflare's path repeats {account_id}; ASP.NET cannot bind a name twice, so the member
        // account (the last segment) is bound as member_account_id.
        var accounts = app.MapGroup(Routes.AddressMap + "/accounts").WithTags(Maps.AddressMapsApi.Tag);
        accounts.MapPut("/{member_account_id:cfid}", AddAccount).WithOperation("ip-address-management-address-maps-add-an-account-membership-to-an-address-map", "Add an account membership to an Address Map").RequireAddressMapsWrite();
        accounts.MapDelete("/{member_account_id:cfid}", RemoveAccount).WithOperation("ip-address-management-address-maps-remove-an-account-membership-from-an-address-map", "Remove an account membership from an Address Map").RequireAddressMapsWrite();
    }

    public void AddServices(IServiceCollection services) => services.AddScoped<MembershipService>();

    public static Task<Ok<Envelope<object>>> AddZone([AsParameters] MapRoute<MembershipService> r, [FromRoute(Name = "zone_id")] string zoneId) =>
        SubResource.Run(r.Http, ct => r.Service.AddAsync(r.AccountId, r.AddressMapId, MembershipKind.Zone, zoneId, Reaches(r.Http), ct));

    public static Task<Ok<Envelope<object>>> RemoveZone([AsParameters] MapRoute<MembershipService> r, [FromRoute(Name = "zone_id")] string zoneId) =>
        SubResource.Run(r.Http, ct => r.Service.RemoveAsync(r.AccountId, r.AddressMapId, MembershipKind.Zone, zoneId, ct));

    public static Task<Ok<Envelope<object>>> AddAccount([AsParameters] MapRoute<MembershipService> r, [FromRoute(Name = "member_account_id")] string memberId) =>
        SubResource.Run(r.Http, ct => r.Service.AddAsync(r.AccountId, r.AddressMapId, MembershipKind.Account, memberId, Reaches(r.Http), ct));

    public static Task<Ok<Envelope<object>>> RemoveAccount([AsParameters] MapRoute<MembershipService> r, [FromRoute(Name = "member_account_id")] string memberId) =>
        SubResource.Run(r.Http, ct => r.Service.RemoveAsync(r.AccountId, r.AddressMapId, MembershipKind.Account, memberId, ct));

    /// <summary>CONTRACT §10.1: which other accounts the caller may name as members (Address Maps Write there).</summary>
    public static Func<string, bool> Reaches(HttpContext http)
    {
        var caller = Caller.Of(http.User);
        return account => caller?.Allows(account, [PermissionGroups.AddressMapsWrite]) == true;
    }
}
