using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AddressMaps.Api.Maps;

namespace AddressMaps.Api.AuditLogs;

/// <summary>The action types an entry records; stored as Cloudflare's lower-case name
/// (<c>create</c>, <c>update</c>, <c>delete</c>).</summary>
public enum AuditAction { Create, Update, Delete }

public static class AuditActionText
{
    public static string Wire(this AuditAction action) => action switch
    {
        AuditAction.Create => "create",
        AuditAction.Update => "update",
        _ => "delete",
    };
}

/// <summary>Writes the audit log entry of a change, inside the writer's transaction: the request's
/// <c>Cf-Auditlog-Id</c> as its id, the caller as its actor, the endpoint name as its operation.
/// The writers call it only when the change changed something.</summary>
public sealed class AuditTrail(IHttpContextAccessor accessor)
{
    public const string ResourceType = "address_map";

    // The map's details exactly as the API writes them (the wire options, the maps' metadata).
    private static readonly JsonTypeInfo<AddressMapDetails> Details = CreateDetailsType();

    /// <summary>The map as the API answers its details, as JSON text.</summary>
    public static string Json(AddressMap map) => JsonSerializer.Serialize(map.ToDetails(), Details);

    /// <summary>A prefix delegation's entries (CONTRACT §10.2), in the owner's log.</summary>
    public const string DelegationResourceType = "prefix_delegation";

    /// <summary>Writes the entry.</summary>
    public async Task RecordAsync(AddressMapsDbContext db, string accountId, AuditAction action, string mapId, string? oldJson, string? newJson, DateTime when, CancellationToken ct,
        string resourceType = ResourceType) =>
        await db.Database.ExecuteSqlAsync(Statement(accountId, action, mapId, oldJson, newJson, when, resourceType), ct);

    /// <summary>The entry's statement, for a writer that sends it in a batch with its own change
    /// (<see cref="Batch.ExecuteAsync"/>): it inserts exactly one row.</summary>
    public FormattableString Statement(string accountId, AuditAction action, string mapId, string? oldJson, string? newJson, DateTime when,
        string resourceType = ResourceType) =>
        Sql.Concat($"WITH changed AS (SELECT 1)\n", Entry(accountId, action, mapId, oldJson, newJson, when, resourceType));

    /// <summary>A change of a map (an INSERT, UPDATE or DELETE with no RETURNING) and its entry as
    /// one statement: the entry is written, and the map's modified_at moved, only if the change
    /// changed a row. The statement's row count is the entry's: 1 when the change did something.</summary>
    public FormattableString Recording(FormattableString change, string accountId, string mapId, string? oldJson, string? newJson, DateTime when) =>
        Sql.Concat($"WITH changed AS (", change, $" RETURNING 1),\n",
            $"touched AS (UPDATE address_maps SET modified_at = {when} WHERE id = {mapId} AND EXISTS (SELECT FROM changed))\n",
            Entry(accountId, AuditAction.Update, mapId, oldJson, newJson, when, ResourceType));

    private FormattableString Entry(string accountId, AuditAction action, string mapId, string? oldJson, string? newJson, DateTime when, string resourceType)
    {
        var http = accessor.HttpContext;
        var caller = http is null ? null : Caller.Of(http.User);
        var id = http is null ? Guid.CreateVersion7() : AuditLogId.Of(http);
        var actorId = caller?.Id ?? "";
        var email = caller?.Email;
        var ip = ClientIp(http);
        var operation = http?.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "";
        var ray = http is null ? "" : CfRay.Get(http);
        return $"""
            INSERT INTO audit_log_entries (id, account_id, action_type, actor_id, actor_email, actor_ip, actor_type, interface,
                operation, cf_ray, old_value, new_value, resource_id, resource_type, "when")
            SELECT {id}, {accountId}, {action.Wire()}, {actorId}, {email}, {ip}, 'user', 'API',
                {operation}, {ray}, {oldJson}, {newJson}, {mapId}, {resourceType}, {when}
            WHERE EXISTS (SELECT FROM changed)
            """;
    }

    /// <summary>The client's address; an IPv4 client over a dual-stack socket as IPv4; the
    /// in-process test host, which has no socket, as 127.0.0.1
    /// (Npgsql binds only a plain IPAddress as inet, not IPAddress.Loopback's read-only subclass.)</summary>
    private static IPAddress ClientIp(HttpContext? http) =>
        http?.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip) : new IPAddress([127, 0, 0, 1]);

    private static JsonTypeInfo<AddressMapDetails> CreateDetailsType()
    {
        var options = new JsonSerializerOptions();
        WireJsonContext.Apply(options);
        options.TypeInfoResolverChain.Add(MapsJsonContext.Default);
        options.MakeReadOnly();
        return (JsonTypeInfo<AddressMapDetails>)options.GetTypeInfo(typeof(AddressMapDetails));
    }
}
