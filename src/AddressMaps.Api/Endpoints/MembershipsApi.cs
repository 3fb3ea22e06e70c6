using AddressMaps.Api.Auth;
using AddressMaps.Api.Contracts;
using AddressMaps.Api.Domain;
using AddressMaps.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AddressMaps.Api.Endpoints;

/// <summary>Route tables for a map's IPs, zone memberships and account memberships. Bodies are
/// ignored whatever they are (clients send none, {}, or nulls; CONTRACT §4).</summary>
public static class MembershipsApi
{
    private const string MapPath = "/client/v4/accounts/{account_id:cfid}/addressing/address_maps/{address_map_id:cfid}";

    public static RouteGroupBuilder MapAddressMapIps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(MapPath + "/ips").WithTags(AddressMapsApi.Tag);
        // A catch-all, so that a CIDR such as 203.0.113.0/24 reaches the handler and is refused by name.
        group.MapPut("/{**ip_address}", AddIp)
            .WithName("ip-address-management-address-maps-add-an-ip-to-an-address-map").WithSummary("Add an IP to an Address Map")
            .RequireAddressMapsWrite();
        group.MapDelete("/{**ip_address}", RemoveIp)
            .WithName("ip-address-management-address-maps-remove-an-ip-from-an-address-map").WithSummary("Remove an IP from an Address Map")
            .RequireAddressMapsWrite();
        return group;
    }

    public static RouteGroupBuilder MapAddressMapZones(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(MapPath + "/zones").WithTags(AddressMapsApi.Tag);
        group.MapPut("/{zone_id:cfid}", AddZone)
            .WithName("ip-address-management-address-maps-add-a-zone-membership-to-an-address-map").WithSummary("Add a zone membership to an Address Map")
            .RequireAddressMapsWrite();
        group.MapDelete("/{zone_id:cfid}", RemoveZone)
            .WithName("ip-address-management-address-maps-remove-a-zone-membership-from-an-address-map").WithSummary("Remove a zone membership from an Address Map")
            .RequireAddressMapsWrite();
        return group;
    }

    public static RouteGroupBuilder MapAddressMapAccounts(this IEndpointRouteBuilder app)
    {
        // Cloudflare's path repeats {account_id}; ASP.NET cannot bind a name twice, so the member
        // account (the last segment) is bound as member_account_id.
        var group = app.MapGroup(MapPath + "/accounts").WithTags(AddressMapsApi.Tag);
        group.MapPut("/{member_account_id:cfid}", AddAccount)
            .WithName("ip-address-management-address-maps-add-an-account-membership-to-an-address-map").WithSummary("Add an account membership to an Address Map")
            .RequireAddressMapsWrite();
        group.MapDelete("/{member_account_id:cfid}", RemoveAccount)
            .WithName("ip-address-management-address-maps-remove-an-account-membership-from-an-address-map").WithSummary("Remove an account membership from an Address Map")
            .RequireAddressMapsWrite();
        return group;
    }

    public sealed record IpRoute(
        [FromRoute(Name = "account_id")] string AccountId,
        [FromRoute(Name = "address_map_id")] string AddressMapId,
        [FromRoute(Name = "ip_address")] string IpAddress,
        AddressMapService Service,
        HttpContext Http);

    public sealed record ZoneRoute(
        [FromRoute(Name = "account_id")] string AccountId,
        [FromRoute(Name = "address_map_id")] string AddressMapId,
        [FromRoute(Name = "zone_id")] string ZoneId,
        AddressMapService Service,
        HttpContext Http);

    public sealed record AccountMemberRoute(
        [FromRoute(Name = "account_id")] string AccountId,
        [FromRoute(Name = "address_map_id")] string AddressMapId,
        [FromRoute(Name = "member_account_id")] string MemberAccountId,
        AddressMapService Service,
        HttpContext Http);

    public static Task<Ok<Envelope<object>>> AddIp([AsParameters] IpRoute r) =>
        Run(r.Http, ct => r.Service.AddIpAsync(r.AccountId, r.AddressMapId, Uri.UnescapeDataString(r.IpAddress), ct));

    public static Task<Ok<Envelope<object>>> RemoveIp([AsParameters] IpRoute r) =>
        Run(r.Http, ct => r.Service.RemoveIpAsync(r.AccountId, r.AddressMapId, Uri.UnescapeDataString(r.IpAddress), ct));

    public static Task<Ok<Envelope<object>>> AddZone([AsParameters] ZoneRoute r) =>
        Run(r.Http, ct => r.Service.AddMembershipAsync(r.AccountId, r.AddressMapId, AddressMapRules.ZoneKind, r.ZoneId, ct));

    public static Task<Ok<Envelope<object>>> RemoveZone([AsParameters] ZoneRoute r) =>
        Run(r.Http, ct => r.Service.RemoveMembershipAsync(r.AccountId, r.AddressMapId, AddressMapRules.ZoneKind, r.ZoneId, ct));

    public static Task<Ok<Envelope<object>>> AddAccount([AsParameters] AccountMemberRoute r) =>
        Run(r.Http, ct => r.Service.AddMembershipAsync(r.AccountId, r.AddressMapId, AddressMapRules.AccountKind, r.MemberAccountId, ct));

    public static Task<Ok<Envelope<object>>> RemoveAccount([AsParameters] AccountMemberRoute r) =>
        Run(r.Http, ct => r.Service.RemoveMembershipAsync(r.AccountId, r.AddressMapId, AddressMapRules.AccountKind, r.MemberAccountId, ct));

    private static async Task<Ok<Envelope<object>>> Run(HttpContext http, Func<CancellationToken, Task> operation)
    {
        await JsonBody.DiscardAsync(http);
        await operation(http.RequestAborted);
        return TypedResults.Ok(ApiResponses.Ok<object>(null));
    }
}
