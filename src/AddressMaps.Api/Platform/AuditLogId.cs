namespace AddressMaps.Api.Platform;

/// <summary>Gives every successful answer under /client/v4 a UUIDv7 <c>Cf-Auditlog-Id</c> (the real
/// capture of CONTRACT §9 shows one on a GET, so reads get one too). The id is made once per
/// request, before anything else runs, and kept in the request's items: a mutation's audit log
/// entry (AuditLogs/AuditTrail) carries the same id as the header of its answer.</summary>
public sealed class AuditLogId(RequestDelegate next)
{
    public const string Header = "Cf-Auditlog-Id";
    private const string ItemKey = "cf-auditlog-id";

    /// <summary>The request's audit log id, made on first use.</summary>
    public static Guid Of(HttpContext context)
    {
        if (context.Items[ItemKey] is not Guid id)
        {
            id = Guid.CreateVersion7();
            context.Items[ItemKey] = id;
        }

        return id;
    }

    /// <summary>Set by an injected fault with <c>after</c>: the operation ran, so its answer keeps
    /// the header although its status is the fault's.</summary>
    public const string OperationRanItem = "addressmaps.operation-ran";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Routes.ClientV4))
        {
            var id = Of(context);
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode is >= 200 and < 300 || context.Items.ContainsKey(OperationRanItem))
                {
                    context.Response.Headers[Header] = id.ToString();
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
