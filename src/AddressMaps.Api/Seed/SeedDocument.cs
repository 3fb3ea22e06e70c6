namespace AddressMaps.Api.Seed;

// The seed document (README "Seed file"): tenancy data that Cloudflare owns and this API only
// reads. JSON, snake_case keys. The state document (GET /_emulator/state) is the same format
// with every map in `maps`, the origin of each account, and secrets as their SHA-256 only.

public sealed record SeedDocument(IReadOnlyList<SeedAccount>? Accounts, IReadOnlyList<SeedUser>? Users, IReadOnlyList<SeedToken>? Tokens);

public sealed record SeedAccount(
    string Id,
    string Name,
    bool AddressMapsEnabled,
    IReadOnlyList<SeedZone>? Zones,
    IReadOnlyList<SeedPrefix>? Prefixes,
    IReadOnlyList<string>? StaticIps,
    IReadOnlyList<SeedManagedMap>? ManagedMaps,
    string? Origin = null,
    IReadOnlyList<SeedMap>? Maps = null);

/// <summary>A map exactly as it is (state document): created when missing, with its ids and timestamps.</summary>
public sealed record SeedMap(
    string Id,
    string? Description,
    string? DefaultSni,
    bool Enabled,
    bool CanDelete,
    bool CanModifyIps,
    DateTime CreatedAt,
    DateTime ModifiedAt,
    IReadOnlyList<SeedMapIp>? Ips,
    IReadOnlyList<SeedMapMembership>? Memberships);

public sealed record SeedMapIp(string Ip, DateTime CreatedAt);

public sealed record SeedMapMembership(string Kind, string Identifier, bool CanDelete, DateTime CreatedAt);

/// <summary>A zone; <c>records</c> (optional) are its DNS records (EMULATOR.md §8). A zone that lists
/// none answers every name at or under it as a proxied hostname.</summary>
public sealed record SeedZone(string Id, string Name, IReadOnlyList<SeedDnsRecord>? Records = null);

/// <summary>A DNS record: <c>name</c> is the full hostname (or <c>*.</c> + a name under the zone);
/// type A, AAAA, CNAME or TXT; <c>proxied</c> defaults to false; <c>ttl</c> (unproxied records
/// only) 1 = automatic (300) or 30–86400, default 1.</summary>
public sealed record SeedDnsRecord(string Name, string Type, string Content, bool? Proxied = null, int? Ttl = null);

public sealed record SeedPrefix(
    string Id,
    string Cidr,
    bool Approved,
    string? Description,
    int? Asn,
    bool? OnDemandEnabled,
    bool? OnDemandLocked,
    bool? Advertised,
    bool? DelegateLoaCreation,
    string? LoaDocumentId,
    string? ValidationState,
    DateTime? CreatedAt,
    IReadOnlyList<SeedDelegation>? Delegations = null);

/// <summary>Part of the prefix delegated to another account (CONTRACT §10.2): created when
/// missing (and not overlapping a delegation made since), timestamps default to now.</summary>
public sealed record SeedDelegation(string Id, string Cidr, string DelegatedAccountId, DateTime? CreatedAt = null, DateTime? ModifiedAt = null);

/// <summary>A Cloudflare-managed map: created once, then owned by the API (later seeds do not
/// overwrite what users changed on it).</summary>
public sealed record SeedManagedMap(
    string Id,
    string? Description,
    bool Enabled,
    bool CanDelete,
    bool CanModifyIps,
    IReadOnlyList<string>? Ips,
    IReadOnlyList<SeedMembership>? Memberships,
    DateTime? CreatedAt);

public sealed record SeedMembership(string Kind, string Identifier, bool CanDelete);

/// <summary>A user with a global API key: plaintext <c>global_key</c> (demo) or its SHA-256 hex;
/// <c>for_account</c>: made by the control plane for that account, and deleted with it.</summary>
public sealed record SeedUser(string Id, string Email, string? GlobalKey, string? GlobalKeySha256, IReadOnlyList<string>? Accounts, string? ForAccount = null);

/// <summary>An API token: plaintext <c>value</c> (demo) or its SHA-256 hex; <c>user</c>, optional,
/// is the id of the user who owns it (shared rate-limit budget).</summary>
public sealed record SeedToken(
    string Id,
    string Name,
    string? Value,
    string? ValueSha256,
    string? Status,
    DateTime? NotBefore,
    DateTime? ExpiresOn,
    IReadOnlyList<SeedPolicy>? Policies,
    string? User = null,
    string? ForAccount = null);

public sealed record SeedPolicy(string Account, IReadOnlyList<string> PermissionGroups);
