namespace AddressMaps.Api.Prefixes;

/// <summary>The two BYOIP prefix reads: which IPs an account owns.</summary>
public sealed class PrefixesApi : ICapability
{
    public void MapRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.Addressing + "/prefixes").WithTags("IP Address Management Prefixes");
        group.MapGet("", List).WithOperation("ip-address-management-prefixes-list-prefixes", "List Prefixes").RequirePrefixesRead();
        group.MapGet("/{prefix_id:cfid}", Get).WithOperation("ip-address-management-prefixes-prefix-details", "Prefix Details").RequirePrefixesRead();
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddScoped<PrefixService>();
        services.AddWireTypes(PrefixesJsonContext.Default);
    }

    public static async Task<Ok<Envelope<IReadOnlyList<PrefixResponse>>>> List(
        [FromRoute(Name = Routes.AccountId)] string accountId, PrefixService service, CancellationToken ct)
    {
        var prefixes = await service.ListAsync(accountId, ct);
        return TypedResults.Ok(Envelope<IReadOnlyList<PrefixResponse>>.Ok(prefixes.Select(ToResponse).ToList()));
    }

    public static async Task<Ok<Envelope<PrefixResponse>>> Get(
        [FromRoute(Name = Routes.AccountId)] string accountId, [FromRoute(Name = "prefix_id")] string prefixId, PrefixService service, CancellationToken ct)
    {
        var prefix = await service.GetAsync(accountId, prefixId, ct);
        return TypedResults.Ok(Envelope<PrefixResponse>.Ok(ToResponse(prefix)));
    }

    /// <summary>Entity → wire, by hand.</summary>
    public static PrefixResponse ToResponse(Prefix p) => new(
        p.AccountId, p.Advertised, p.AdvertisedModifiedAt is { } a ? Text.Timestamp(a) : null, p.Approved ? "V" : "P", p.Asn,
        p.Cidr.ToString(), Text.Timestamp(p.CreatedAt), p.DelegateLoaCreation, p.Description, p.Id, p.IrrValidationState,
        p.LoaDocumentId, Text.Timestamp(p.ModifiedAt), p.OnDemandEnabled, p.OnDemandLocked, p.OwnershipValidationState,
        p.OwnershipValidationToken, p.RpkiValidationState);
}
