namespace AddressMaps.Tests.Infrastructure;

/// <summary>Names the operations (Cloudflare operationIds, or the emulator's endpoint names) a test
/// sends requests to. docs/parity.md claims HTTP coverage only for operations some test carries
/// this attribute for; <c>ParityTests</c> checks it.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class CoversAttribute(params string[] operationIds) : Attribute
{
    public IReadOnlyList<string> OperationIds { get; } = operationIds;
}

/// <summary>The operationIds, spelled once.</summary>
public static class Op
{
    public const string ListMaps = "ip-address-management-address-maps-list-address-maps";
    public const string CreateMap = "ip-address-management-address-maps-create-address-map";
    public const string MapDetails = "ip-address-management-address-maps-address-map-details";
    public const string UpdateMap = "ip-address-management-address-maps-update-address-map";
    public const string DeleteMap = "ip-address-management-address-maps-delete-address-map";
    public const string AddIp = "ip-address-management-address-maps-add-an-ip-to-an-address-map";
    public const string RemoveIp = "ip-address-management-address-maps-remove-an-ip-from-an-address-map";
    public const string AddZone = "ip-address-management-address-maps-add-a-zone-membership-to-an-address-map";
    public const string RemoveZone = "ip-address-management-address-maps-remove-a-zone-membership-from-an-address-map";
    public const string AddAccount = "ip-address-management-address-maps-add-an-account-membership-to-an-address-map";
    public const string RemoveAccount = "ip-address-management-address-maps-remove-an-account-membership-from-an-address-map";
    public const string ListPrefixes = "ip-address-management-prefixes-list-prefixes";
    public const string PrefixDetails = "ip-address-management-prefixes-prefix-details";
    public const string VerifyToken = "user-api-tokens-verify-token";
    public const string EffectiveMap = "emulator-effective-address-map-for-zone";
    public const string AuditLogs = "audit-logs-get-account-audit-logs";
}
