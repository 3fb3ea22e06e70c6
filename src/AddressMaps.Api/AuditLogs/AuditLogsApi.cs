namespace AddressMaps.Api.AuditLogs;

/// <summary>Route table of the account audit log, at Cloudflare's own path (EMULATOR.md §7); the
/// name is Cloudflare's operationId. The writers record through <see cref="AuditTrail"/>.</summary>
public sealed class AuditLogsApi : ICapability
{
    public const string Tag = "Audit Logs";
    public const string OperationId = "audit-logs-get-account-audit-logs";

    public void MapRoutes(IEndpointRouteBuilder app)
    {
        app.MapGet(Routes.ClientV4 + "/accounts/{account_id:cfid}/audit_logs", List).WithTags(Tag).WithOperation(OperationId, "Get account audit logs").RequireAuditLogsRead()
            .WithDescription("The account's audit log: one entry per successful change of an address map, newest first. "
                + "Filters: id, action.type, actor.email, actor.ip (an IP or a CIDR range), since, before (RFC 3339), "
                + "direction (desc, asc), page, per_page (default 100, at most 1000).");
    }

    public void AddServices(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditLogService>();
        services.AddWireTypes(AuditLogsJsonContext.Default);
    }

    public static async Task<Ok<AuditLogPage>> List(
        [FromRoute(Name = Routes.AccountId)] string accountId, AuditLogService service, HttpContext http)
    {
        var filter = AuditLogFilter.Parse(http.Request.Query);
        return TypedResults.Ok(await service.ListAsync(accountId, filter, http.RequestAborted));
    }
}
