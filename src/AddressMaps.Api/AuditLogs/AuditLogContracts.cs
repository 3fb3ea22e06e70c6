using System.Text.Json;
using System.Text.Json.Serialization;

namespace AddressMaps.Api.AuditLogs;

// Wire shapes of the audit log (EMULATOR.md §7), in Cloudflare's key order. newValue and oldValue
// are camelCase on Cloudflare's wire, unlike every other key.

public sealed record AuditLogItem(
    string Id,
    AuditLogAction Action,
    AuditLogActor Actor,
    string Interface,
    AuditLogMetadata Metadata,
    [property: JsonPropertyName("newValue")] string? NewValue,
    [property: JsonPropertyName("oldValue")] string? OldValue,
    AuditLogOwner Owner,
    AuditLogResource Resource,
    string When);

public sealed record AuditLogAction(string Type, bool Result);

public sealed record AuditLogActor(string Id, string? Email, string Ip, string Type);

public sealed record AuditLogMetadata(string Operation, string CfRay);

public sealed record AuditLogOwner(string Id);

public sealed record AuditLogResource(string Id, string Type);

/// <summary>Cloudflare's page description of a paginated list.</summary>
public sealed record ResultInfo(int Page, int PerPage, int Count, int TotalCount, int TotalPages);

/// <summary>The envelope of a page of the log: Cloudflare's envelope with <c>result_info</c>.</summary>
public sealed record AuditLogPage(
    IReadOnlyList<ResponseMessage> Errors,
    IReadOnlyList<ResponseMessage> Messages,
    IReadOnlyList<AuditLogItem> Result,
    ResultInfo ResultInfo,
    bool Success);

/// <summary>Source-generated metadata of the audit log's wire types.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(AuditLogPage))]
public sealed partial class AuditLogsJsonContext : JsonSerializerContext;
