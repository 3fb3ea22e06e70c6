namespace AddressMaps.Api.Data;

// Persistence shapes. They never reach the wire: each capability maps them by hand.

/// <summary>What a membership names; stored as 'zone' / 'account' (the wire's words).</summary>
public enum MembershipKind
{
    Zone,
    Account,
}

/// <summary>An API token's status; stored as 'active' / 'disabled'.</summary>
public enum TokenStatus
{
    Active,
    Disabled,
}

public static class EnumText
{
    public static string Wire(this MembershipKind kind) => kind == MembershipKind.Zone ? "zone" : "account";

    public static MembershipKind? ParseKind(string? text) => text switch
    {
        "zone" => MembershipKind.Zone,
        "account" => MembershipKind.Account,
        _ => null,
    };

    public static string Wire(this TokenStatus status) => status == TokenStatus.Active ? "active" : "disabled";

    public static TokenStatus? ParseStatus(string? text) => text switch
    {
        "active" => TokenStatus.Active,
        "disabled" => TokenStatus.Disabled,
        _ => null,
    };
}

/// <summary>Where an account came from: the seed, or the control plane (made on the fly).</summary>
public enum AccountOrigin
{
    Seed,
    Api,
}

public sealed class Account
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public bool AddressMapsEnabled { get; set; }
    public AccountOrigin Origin { get; set; } = AccountOrigin.Seed;
}

public sealed class Zone
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public required string Name { get; set; }
}

public sealed class Prefix
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public required IPNetwork Cidr { get; set; }
    public bool Approved { get; set; }
    public string? Description { get; set; }
    public int? Asn { get; set; }
    public bool OnDemandEnabled { get; set; }
    public bool OnDemandLocked { get; set; }
    public bool? Advertised { get; set; }
    public DateTime? AdvertisedModifiedAt { get; set; }
    public bool DelegateLoaCreation { get; set; }
    public string? LoaDocumentId { get; set; }
    public string IrrValidationState { get; set; } = "pending";
    public string OwnershipValidationState { get; set; } = "pending";
    public string RpkiValidationState { get; set; } = "pending";
    public string? OwnershipValidationToken { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
}

/// <summary>An IP leased to the account by Cloudflare; it lives only on the account's managed map.</summary>
public sealed class StaticIp
{
    public long Id { get; set; }
    public required IPAddress Ip { get; set; }
    public required string AccountId { get; set; }
}

public sealed class AddressMap
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public string? Description { get; set; }
    public string? DefaultSni { get; set; }
    public bool Enabled { get; set; }
    public bool CanDelete { get; set; } = true;
    public bool CanModifyIps { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime ModifiedAt { get; set; }
    public List<AddressMapIp> Ips { get; set; } = [];
    public List<AddressMapMembership> Memberships { get; set; } = [];
}

public sealed class AddressMapIp
{
    /// <summary>Surrogate key; its sequence gives creation order.</summary>
    public long Id { get; set; }
    public required string AddressMapId { get; set; }
    public required IPAddress Ip { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class AddressMapMembership
{
    /// <summary>Surrogate key; its sequence gives creation order (Terraform relies on it).</summary>
    public long Id { get; set; }
    public required string AddressMapId { get; set; }
    public required MembershipKind Kind { get; set; }
    public required string Identifier { get; set; }
    public bool CanDelete { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

public sealed class User
{
    public required string Id { get; set; }
    public required string Email { get; set; }
    /// <summary>SHA-256 of the global API key.</summary>
    public required byte[] KeyHash { get; set; }

    /// <summary>The account this user was made for by the control plane; it goes with it.</summary>
    public string? EphemeralAccountId { get; set; }

    public List<UserAccount> Accounts { get; set; } = [];
}

public sealed class UserAccount
{
    public required string UserId { get; set; }
    public required string AccountId { get; set; }
}

public sealed class ApiToken
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    /// <summary>SHA-256 of the token secret.</summary>
    public required byte[] SecretHash { get; set; }
    public required TokenStatus Status { get; set; }
    public DateTime? NotBefore { get; set; }
    public DateTime? ExpiresOn { get; set; }

    /// <summary>The user who owns the token, when the seed names one: a user's key and tokens share
    /// one rate-limit budget (CONTRACT §8).</summary>
    public string? UserId { get; set; }

    /// <summary>The account this token was made for by the control plane; it goes with it.</summary>
    public string? EphemeralAccountId { get; set; }

    public List<ApiTokenPolicy> Policies { get; set; } = [];
}

public sealed class ApiTokenPolicy
{
    public long Id { get; set; }
    public required string TokenId { get; set; }
    public required string AccountId { get; set; }
    public required string PermissionGroup { get; set; }
}

/// <summary>A caller's request count in the current rate-limit window (CONTRACT §8).</summary>
public sealed class RateLimitCounter
{
    public required string Key { get; set; }
    public DateTime WindowStart { get; set; }
    public int Count { get; set; }
    public DateTime? BlockedUntil { get; set; }
}
