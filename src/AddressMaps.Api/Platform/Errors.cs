namespace AddressMaps.Api.Platform;

/// <summary>One entry of the error catalogue: Cloudflare's code, the HTTP status it travels with,
/// a stable name, and when it is answered. The catalogue is data; docs and OpenAPI are built from it.
/// <paramref name="Verbatim"/>: Cloudflare's exact wording is on record (headers, routing,
/// credentials), so messages are sent as written; every other message begins with the name —
/// Cloudflare's own token for 1000 and 1002, the catalogue name for the emulator's codes — then
/// ": " and the explanation naming the value (CONTRACT §10.4).</summary>
public sealed record ErrorDefinition(int Code, int HttpStatus, string Name, string When, bool Observed, bool Verbatim = false)
{
    public ApiException With(string message) => new(this, Message(message));

    /// <summary>The message as sent: <c>name: explanation</c>, unless verbatim or already so.</summary>
    public string Message(string explanation) =>
        Verbatim || explanation == Name || explanation.StartsWith(Name + ": ", StringComparison.Ordinal) ? explanation : $"{Name}: {explanation}";
}

/// <summary>A failure the API answers with Cloudflare's envelope. Thrown by the domain and the
/// pipeline; written by the one exception handler.</summary>
public sealed class ApiException(ErrorDefinition error, string message, IReadOnlyList<ApiErrorItem>? extra = null, IReadOnlyList<ApiErrorItem>? chain = null)
    : Exception(message)
{
    public ErrorDefinition Error { get; } = error;

    /// <summary>Further items after the first (7003 travels with 7000).</summary>
    public IReadOnlyList<ApiErrorItem> Extra { get; } = extra ?? [];

    /// <summary>error_chain of the first item (header-format errors carry one).</summary>
    public IReadOnlyList<ApiErrorItem>? Chain { get; } = chain;

    /// <summary>Retry-After to send (injected faults); a 503 without one says 1.</summary>
    public int? RetryAfterSeconds { get; init; }
}

public sealed record ApiErrorItem(int Code, string Message);

/// <summary>The whole error catalogue. Codes marked Observed were seen in real Cloudflare answers;
/// the others are this emulator's own stable choices (CONTRACT §7, listed in docs/fidelity.md).</summary>
public static class Errors
{
    // Seen in real responses.
    public static readonly ErrorDefinition NotFound = new(1000, 404, "not_found", "Unknown address map (or a map id that is not 32 hex), or IP/membership not on the map.", true);
    public static readonly ErrorDefinition AddOnMissing = new(1002, 403, "address_maps_not_enabled_on_account", "The account lacks the Address Maps add-on.", true);
    public static readonly ErrorDefinition InvalidHeaders = new(6003, 400, "invalid_request_headers", "A credential header is malformed (error_chain says which).", true, Verbatim: true);
    public static readonly ErrorDefinition InvalidEmailHeader = new(6102, 400, "invalid_x_auth_email", "X-Auth-Email is not an email address (inside 6003's error_chain).", true, Verbatim: true);
    public static readonly ErrorDefinition InvalidKeyHeader = new(6103, 400, "invalid_x_auth_key", "X-Auth-Key is not 37 lowercase hex (inside 6003's error_chain).", true, Verbatim: true);
    public static readonly ErrorDefinition InvalidAuthorizationHeader = new(6111, 400, "invalid_authorization", "Authorization is not 'Bearer' + 40 characters of [A-Za-z0-9_-] (inside 6003's error_chain).", true, Verbatim: true);
    public static readonly ErrorDefinition MalformedJson = new(6007, 400, "malformed_json", "The request body is not JSON, or not a JSON object.", true, Verbatim: true);
    public static readonly ErrorDefinition NoRoute = new(7003, 400, "no_route", "Malformed account or zone identifier in the path (a malformed map id is 1000), unknown path or unsupported method (with 7000).", true, Verbatim: true);
    public static readonly ErrorDefinition NoRouteForUri = new(7000, 400, "no_route_for_uri", "Travels with 7003.", true, Verbatim: true);
    public static readonly ErrorDefinition UnknownGlobalKey = new(9103, 403, "unknown_global_key", "X-Auth-Email/X-Auth-Key pair unknown.", true, Verbatim: true);
    public static readonly ErrorDefinition MissingCredentials = new(9106, 400, "missing_credentials", "No credential header at all.", true, Verbatim: true);
    public static readonly ErrorDefinition InvalidToken = new(9109, 403, "invalid_access_token", "Bearer token unknown, disabled, not yet valid or expired.", true, Verbatim: true);
    public static readonly ErrorDefinition RateLimited = new(971, 429, "rate_limited", "Over the rate limit (only when AddressMaps:RateLimit:Enabled); Retry-After says when to come back.", true, Verbatim: true);
    public static readonly ErrorDefinition AuthenticationError = new(10000, 403, "authentication_error", "Valid credential without the permission group or without access to the account.", true, Verbatim: true);

    // This emulator's own codes for business rules (no public capture exists).
    public static readonly ErrorDefinition MapEnabled = new(1003, 400, "address_map_enabled", "Deleting a map that is still enabled.", false);
    public static readonly ErrorDefinition MapNotDeletable = new(1004, 400, "address_map_not_deletable", "Deleting a Cloudflare-managed map (can_delete false).", false);
    public static readonly ErrorDefinition IpsNotModifiable = new(1005, 400, "address_map_ips_not_modifiable", "Adding/removing IPs on a map with can_modify_ips false.", false);
    public static readonly ErrorDefinition InvalidIp = new(1006, 400, "invalid_ip_address", "The address is not an IPv4/IPv6 literal (CIDR, hostname, garbage).", false);
    public static readonly ErrorDefinition IpNotOwned = new(1007, 400, "ip_not_owned_by_account", "The IP is neither in an approved BYOIP prefix of the account, nor in a CIDR delegated to it, nor one of its static IPs.", false);
    public static readonly ErrorDefinition StaticIpElsewhere = new(1008, 400, "static_ip_not_allowed_on_map", "A leased static IP placed on a map other than the account's Cloudflare-managed map.", false);
    public static readonly ErrorDefinition ZoneNotInAccount = new(1009, 400, "zone_not_in_account", "A zone membership names a zone that is not the account's.", false);
    public static readonly ErrorDefinition ZoneAlreadyMember = new(1010, 400, "zone_already_member_of_another_map", "The zone is already a member of another address map.", false);
    public static readonly ErrorDefinition AccountNotOwner = new(1011, 400, "account_membership_not_owner", "An account membership names an account other than the map's owner that the credential cannot also reach (Address Maps Write).", false);
    public static readonly ErrorDefinition AccountAlreadyMember = new(1012, 400, "account_already_member_of_another_map", "The account is already a member of another address map.", false);
    public static readonly ErrorDefinition MembershipNotDeletable = new(1013, 400, "membership_not_deletable", "Removing a membership with can_delete false.", false);
    public static readonly ErrorDefinition InvalidDefaultSni = new(1014, 400, "invalid_default_sni", "default_sni is not a valid hostname (a leading '*.' allowed).", false);
    public static readonly ErrorDefinition DefaultSniNotOwned = new(1015, 400, "default_sni_not_in_account", "default_sni is not a zone of the account nor under one.", false);
    public static readonly ErrorDefinition InvalidField = new(1016, 400, "invalid_field", "A body field or query parameter has the wrong type or an invalid value.", false);
    public static readonly ErrorDefinition InvalidMembershipKind = new(1017, 400, "invalid_membership_kind", "A membership kind other than 'zone' or 'account'.", false);
    public static readonly ErrorDefinition InvalidIdentifier = new(1018, 400, "invalid_identifier", "A membership identifier or a ?cidr= filter that is malformed.", false);
    public static readonly ErrorDefinition BodyTooLarge = new(1019, 413, "request_body_too_large", "The request body is over 1 MiB (any operation, sub-resource PUT/DELETE included).", false);
    // Prefix delegations (CONTRACT §10.2); invalid_network_cidr and prefix_not_valid_and_approved are Cloudflare's tokens (§10.4).
    public static readonly ErrorDefinition InvalidNetworkCidr = new(1020, 400, "invalid_network_cidr", "A delegation's cidr is missing or not a CIDR with its host bits zero.", false);
    public static readonly ErrorDefinition CidrOutsidePrefix = new(1021, 400, "delegation_cidr_outside_prefix", "A delegation's cidr does not lie inside its parent prefix (or is of the other address family).", false);
    public static readonly ErrorDefinition DelegationOverlaps = new(1022, 400, "delegation_overlaps_existing", "A delegation's cidr overlaps another delegation of the same prefix.", false);
    public static readonly ErrorDefinition DelegateUnknown = new(1023, 400, "delegated_account_not_found", "delegated_account_id is missing, not 32 lowercase hex, or no account.", false);
    public static readonly ErrorDefinition DelegateIsOwner = new(1024, 400, "delegation_to_own_account", "delegated_account_id is the prefix's own account.", false);
    public static readonly ErrorDefinition PrefixNotApproved = new(1025, 400, "prefix_not_valid_and_approved", "Delegating part of a prefix that is not approved.", false);
    public static readonly ErrorDefinition DelegationInUse = new(1026, 400, "delegation_in_use", "Deleting a delegation whose IPs sit on address maps of the delegate that own them no other way (named).", false);
    // The control plane's own codes (/_emulator, EMULATOR.md).
    public static readonly ErrorDefinition AdminTokenRequired = new(2001, 401, "admin_token_required", "A control-plane call without Authorization: Bearer <AddressMaps__AdminToken> while an admin token is set.", false);
    public static readonly ErrorDefinition AdminTokenInvalid = new(2002, 403, "admin_token_invalid", "A control-plane call with a bearer that is not the admin token.", false);
    public static readonly ErrorDefinition LoopbackOnly = new(2003, 403, "control_plane_loopback_only", "A control-plane call from a non-loopback address while no admin token is set.", false);
    public static readonly ErrorDefinition InvalidDocument = new(2004, 400, "invalid_document", "A control-plane body, seed or state document, or snapshot name with errors (each one named); nothing applied.", false);
    public static readonly ErrorDefinition SeededAccount = new(2005, 400, "seeded_account_not_deletable", "Deleting an account of the seed (reset it instead).", false);
    public static readonly ErrorDefinition InvalidFault = new(2007, 400, "invalid_fault", "A cf-emulator-fault header or fault rule with an unknown key or a bad value (named).", false);
    public static readonly ErrorDefinition NotReady = new(2006, 503, "not_ready", "Readiness: the database is unreachable or start-up has not finished.", false);
    public static readonly ErrorDefinition InvalidParameter = new(2020, 400, "invalid_parameter", "A query parameter of a control-plane view (/_emulator/dns, /_emulator/tls/default-sni) is missing or invalid (named).", false);
    public static readonly ErrorDefinition Internal = new(10001, 500, "internal_error", "Unhandled fault (logged with its cf-ray).", false);
    public static readonly ErrorDefinition ServiceUnavailable = new(10002, 503, "service_unavailable", "PostgreSQL is unreachable (or a write lost the same race ten times); Retry-After: 1.", false);

    public static readonly IReadOnlyList<ErrorDefinition> All =
    [
        NotFound, AddOnMissing, MapEnabled, MapNotDeletable, IpsNotModifiable, InvalidIp, IpNotOwned,
        StaticIpElsewhere, ZoneNotInAccount, ZoneAlreadyMember, AccountNotOwner, AccountAlreadyMember,
        MembershipNotDeletable, InvalidDefaultSni, DefaultSniNotOwned, InvalidField, InvalidMembershipKind,
        InvalidIdentifier, InvalidNetworkCidr, CidrOutsidePrefix, DelegationOverlaps, DelegateUnknown, DelegateIsOwner,
        PrefixNotApproved, DelegationInUse, InvalidHeaders, InvalidEmailHeader, InvalidKeyHeader, InvalidAuthorizationHeader,
        MalformedJson, NoRouteForUri, NoRoute, UnknownGlobalKey, MissingCredentials, InvalidToken,
        AuthenticationError, RateLimited, BodyTooLarge, AdminTokenRequired, AdminTokenInvalid, LoopbackOnly,
        InvalidDocument, SeededAccount, NotReady, InvalidFault, InvalidParameter, Internal, ServiceUnavailable,
    ];

    public static ApiException RouteNotFound(string path) => new(
        NoRoute,
        $"Could not route to {path}, perhaps your object identifier is invalid?",
        [new ApiErrorItem(NoRouteForUri.Code, "No route for that URI")]);
}
