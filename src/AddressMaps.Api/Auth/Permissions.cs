namespace AddressMaps.Api.Auth;

/// <summary>Cloudflare's permission groups that matter here (CONTRACT §6).</summary>
public static class PermissionGroups
{
    public const string AddressMapsRead = "Address Maps Read";
    public const string AddressMapsWrite = "Address Maps Write";
    public const string PrefixesRead = "IP Prefixes: Read";
    public const string PrefixesWrite = "IP Prefixes: Write";

    public static readonly IReadOnlyList<string> All = [AddressMapsRead, AddressMapsWrite, PrefixesRead, PrefixesWrite];
}

/// <summary>Endpoint metadata: the operation needs one of these groups on the route's account.</summary>
public sealed record RequiredPermission(IReadOnlyList<string> AnyOf);

/// <summary>Endpoint metadata: an address-map operation, refused with 1002 when the route's account
/// lacks the Address Maps add-on.</summary>
public sealed record RequiresAddressMapsAddOn;

/// <summary>Endpoint metadata: the operation needs a valid API token and no account.</summary>
public sealed record RequiresToken;

public static class PermissionEndpointExtensions
{
    public static RouteHandlerBuilder RequirePermission(this RouteHandlerBuilder builder, params string[] anyOf) =>
        builder.WithMetadata(new RequiredPermission(anyOf));

    /// <summary>Reads need Read or Write; writes need Write.</summary>
    public static RouteHandlerBuilder RequireAddressMapsRead(this RouteHandlerBuilder b) =>
        b.RequirePermission(PermissionGroups.AddressMapsRead, PermissionGroups.AddressMapsWrite).WithMetadata(new RequiresAddressMapsAddOn());

    public static RouteHandlerBuilder RequireAddressMapsWrite(this RouteHandlerBuilder b) =>
        b.RequirePermission(PermissionGroups.AddressMapsWrite).WithMetadata(new RequiresAddressMapsAddOn());

    public static RouteHandlerBuilder RequirePrefixesRead(this RouteHandlerBuilder b) =>
        b.RequirePermission(PermissionGroups.PrefixesRead, PermissionGroups.PrefixesWrite);
}
