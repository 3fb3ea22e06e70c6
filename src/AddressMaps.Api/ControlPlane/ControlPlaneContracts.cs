using System.Text.Json;
using System.Text.Json.Serialization;

namespace AddressMaps.Api.ControlPlane;

// Wire shapes of the control plane (EMULATOR.md §1–§3). snake_case like Cloudflare's.

public sealed record HealthResponse(string Status, string Version);

public sealed record ReadyResponse(string Status, string Database, string Migrations, string Seed);

/// <summary>POST /_emulator/accounts; every field optional.</summary>
public sealed record CreateAccountRequest(
    string? Name,
    bool? AddressMapsEnabled,
    IReadOnlyList<string>? Zones,
    IReadOnlyList<string>? Prefixes,
    IReadOnlyList<string>? StaticIps,
    IReadOnlyList<string>? PermissionGroups)
{
    public static async ValueTask<CreateAccountRequest?> BindAsync(HttpContext context) =>
        (await JsonBody.ReadObjectAsync(context, ControlPlaneJsonContext.Default.CreateAccountRequest)).Value;
}

public sealed record IdName(string Id, string Name);

public sealed record IdCidr(string Id, string Cidr);

public sealed record IdValue(string Id, string Value);

public sealed record EmailKey(string Email, string Key);

public sealed record CreatedAccount(IdName Account, IReadOnlyList<IdName> Zones, IReadOnlyList<IdCidr> Prefixes, IdValue Token, EmailKey User);

public sealed record AccountSummary(string Id, string Name, string Origin, bool AddressMapsEnabled);

/// <summary>What a reset removed.</summary>
public sealed record ResetCounts(int Maps, int Accounts, int RateLimitCounters);

public sealed record SnapshotRequest(string? Name)
{
    public static async ValueTask<SnapshotRequest?> BindAsync(HttpContext context) =>
        (await JsonBody.ReadObjectAsync(context, ControlPlaneJsonContext.Default.SnapshotRequest)).Value;
}

public sealed record SnapshotSummary(string Name, string CreatedAt, int Maps, int Accounts);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(Envelope<HealthResponse>))]
[JsonSerializable(typeof(Envelope<ReadyResponse>))]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(Envelope<CreatedAccount>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<AccountSummary>>))]
[JsonSerializable(typeof(Envelope<ResetCounts>))]
[JsonSerializable(typeof(SnapshotRequest))]
[JsonSerializable(typeof(Envelope<SnapshotSummary>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<SnapshotSummary>>))]
public sealed partial class ControlPlaneJsonContext : JsonSerializerContext;
