using Microsoft.AspNetCore.Authorization;

namespace AddressMaps.Api.Auth;

/// <summary>Cloudflare's permission groups that matter here (CONTRACT §6).</summary>
public static class PermissionGroups
{
    public const string AddressMapsRead = "Address Maps Read";
    public const string AddressMapsWrite = "Address Maps Write";
    public const string PrefixesRead = "IP Prefixes: Read";
    public const string PrefixesWrite = "IP Prefixes: Write";

    /// <summary>Reads the account's audit log (EMULATOR.md §7).</summary>
    public const string AccountSettingsRead = "Account Settings Read";

    public static readonly IReadOnlyList<string> All = [AddressMapsRead, AddressMapsWrite, PrefixesRead, PrefixesWrite, AccountSettingsRead];
}

/// <summary>The operation needs one of these groups on the route's account (else 10000).</summary>
public sealed record PermissionRequirement(IReadOnlyList<string> AnyOf) : IAuthorizationRequirement;

/// <summary>The route's account has the Address Maps add-on (else 1002).</summary>
public sealed record AddOnRequirement : IAuthorizationRequirement;

/// <summary>Endpoint metadata: the operation verifies an API token and needs no account.</summary>
public sealed record RequiresToken;

/// <summary>The policies, one per kind of operation; endpoints name them.</summary>
public static class Policies
{
    public const string AddressMapsRead = "address-maps-read";
    public const string AddressMapsWrite = "address-maps-write";
    public const string PrefixesRead = "prefixes-read";
    public const string PrefixesWrite = "prefixes-write";
    public const string ApiToken = "api-token";
    public const string AuditLogsRead = "audit-logs-read";

    public static void Add(AuthorizationOptions o)
    {
        // The first failing requirement decides the answer: permission (10000) before add-on (1002).
        o.InvokeHandlersAfterFailure = false;
        o.AddPolicy(AddressMapsRead, p => Cloudflare(p)
            .AddRequirements(new PermissionRequirement([PermissionGroups.AddressMapsRead, PermissionGroups.AddressMapsWrite]), new AddOnRequirement()));
        o.AddPolicy(AddressMapsWrite, p => Cloudflare(p)
            .AddRequirements(new PermissionRequirement([PermissionGroups.AddressMapsWrite]), new AddOnRequirement()));
        o.AddPolicy(PrefixesRead, p => Cloudflare(p)
            .AddRequirements(new PermissionRequirement([PermissionGroups.PrefixesRead, PermissionGroups.PrefixesWrite])));
        o.AddPolicy(PrefixesWrite, p => Cloudflare(p)
            .AddRequirements(new PermissionRequirement([PermissionGroups.PrefixesWrite])));
        o.AddPolicy(ApiToken, p => Cloudflare(p));
        // The account's users (global key) reach it; tokens need the group. No add-on: the audit
        // log is the account's, not the Address Maps product's.
        o.AddPolicy(AuditLogsRead, p => Cloudflare(p)
            .AddRequirements(new PermissionRequirement([PermissionGroups.AccountSettingsRead])));
    }

    private static AuthorizationPolicyBuilder Cloudflare(AuthorizationPolicyBuilder p) =>
        p.AddAuthenticationSchemes(CloudflareAuthentication.SchemeName).RequireAuthenticatedUser();

    /// <summary>Reads need Read or Write; writes need Write; both need the add-on.</summary>
    public static RouteHandlerBuilder RequireAddressMapsRead(this RouteHandlerBuilder b) => b.RequireAuthorization(AddressMapsRead);

    public static RouteHandlerBuilder RequireAddressMapsWrite(this RouteHandlerBuilder b) => b.RequireAuthorization(AddressMapsWrite);

    public static RouteHandlerBuilder RequirePrefixesRead(this RouteHandlerBuilder b) => b.RequireAuthorization(PrefixesRead);

    public static RouteHandlerBuilder RequirePrefixesWrite(this RouteHandlerBuilder b) => b.RequireAuthorization(PrefixesWrite);

    public static RouteHandlerBuilder RequireAuditLogsRead(this RouteHandlerBuilder b) => b.RequireAuthorization(AuditLogsRead);

    public static RouteHandlerBuilder RequireApiToken(this RouteHandlerBuilder b) => b.RequireAuthorization(ApiToken).WithMetadata(new RequiresToken());
}
