namespace AddressMaps.Api.Platform;

/// <summary>The path prefixes Cloudflare's routes share, written once.</summary>
public static class Routes
{
    public const string ClientV4 = "/client/v4";

    /// <summary>Everything of an account's addressing: address maps, prefixes.</summary>
    public const string Addressing = ClientV4 + "/accounts/{account_id:cfid}/addressing";

    public const string AddressMaps = Addressing + "/address_maps";

    /// <summary>No id constraint on the map: a map id that is not 32 hex is an unknown map, 404
    /// code 1000, as on Cloudflare (CONTRACT §10.3); malformed account and zone ids stay 7003.</summary>
    public const string AddressMap = AddressMaps + "/{address_map_id}";

    /// <summary>Route values bound by name.</summary>
    public const string AccountId = "account_id";

    public const string AddressMapId = "address_map_id";

    /// <summary>A route table's row names its operation once: the operationId (Cloudflare's, or the
    /// emulator's own under /_emulator) and the summary OpenAPI shows, so that a table reads one
    /// line per route: <c>group.MapGet(path, Handler).WithOperation(id, summary).RequireX();</c>.</summary>
    public static RouteHandlerBuilder WithOperation(this RouteHandlerBuilder route, string operationId, string summary) =>
        route.WithName(operationId).WithSummary(summary);
}

/// <summary>What a handler under /address_maps/{address_map_id} binds (<c>[AsParameters]</c>): the
/// account and the map from the route, the capability's service, the request. A sub-resource's
/// own route value (ip_address, zone_id, member_account_id) is the handler's next parameter.</summary>
public sealed record MapRoute<TService>(
    [FromRoute(Name = Routes.AccountId)] string AccountId,
    [FromRoute(Name = Routes.AddressMapId)] string AddressMapId,
    TService Service,
    HttpContext Http)
    where TService : notnull;
