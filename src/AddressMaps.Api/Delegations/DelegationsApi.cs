namespace AddressMaps.Api.Delegations;

/// <summary>Route table for prefix delegations (CONTRACT §10.2), as the official SDKs call them
/// (client.addressing.prefixes.delegations.list/create/delete); names are Cloudflare's operationIds.</summary>
public sealed class DelegationsApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.Addressing + "/prefixes/{prefix_id:cfid}/delegations").WithTags("IP Address Management Prefix Delegation");
        group.MapGet("", List).WithOperation("ip-address-management-prefix-delegation-list-prefix-delegations", "List Prefix Delegations").RequirePrefixesRead();
        group.MapPost("", Create).WithOperation("ip-address-management-prefix-delegation-create-prefix-delegation", "Create Prefix Delegation").WithRequestBody<CreateDelegationRequest>().RequirePrefixesWrite();
        group.MapDelete("/{delegation_id:cfid}", Delete).WithOperation("ip-address-management-prefix-delegation-delete-prefix-delegation", "Delete Prefix Delegation").RequirePrefixesWrite();
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<DelegationService>();
        services.AddWireTypes(DelegationsJsonContext.Default);
    }

    public sealed record PrefixRoute(
        [FromRoute(Name = Routes.AccountId)] string AccountId,
        [FromRoute(Name = "prefix_id")] string PrefixId,
        DelegationService Service,
        HttpContext Http);

    public static async Task<Ok<Envelope<IReadOnlyList<DelegationResponse>>>> List([AsParameters] PrefixRoute route)
    {
        var delegations = await route.Service.ListAsync(route.AccountId, route.PrefixId, route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<IReadOnlyList<DelegationResponse>>.Ok(delegations.Select(ToResponse).ToList()));
    }

    public static async Task<Ok<Envelope<DelegationResponse>>> Create([AsParameters] PrefixRoute route, CreateDelegationRequest body)
    {
        var delegation = await route.Service.CreateAsync(route.AccountId, route.PrefixId, body, route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<DelegationResponse>.Ok(ToResponse(delegation)));
    }

    public static async Task<Ok<Envelope<DeletedDelegation>>> Delete([AsParameters] PrefixRoute route, [FromRoute(Name = "delegation_id")] string delegationId)
    {
        await JsonBody.DiscardAsync(route.Http);
        var delegation = await route.Service.DeleteAsync(route.AccountId, route.PrefixId, delegationId, route.Http.RequestAborted);
        return TypedResults.Ok(Envelope<DeletedDelegation>.Ok(new DeletedDelegation(delegation.Id)));
    }

    /// <summary>Entity → wire, by hand.</summary>
    public static DelegationResponse ToResponse(PrefixDelegation d) => new(
        d.Cidr.ToString(), Text.Timestamp(d.CreatedAt), d.DelegatedAccountId, d.Id, Text.Timestamp(d.ModifiedAt), d.PrefixId);
}
