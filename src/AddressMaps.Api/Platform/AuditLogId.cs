namespace AddressMaps.Api.Platform;

/// <summary>Gives every successful answer under /client/v4 a UUIDv7 <c>Cf-Auditlog-Id</c> (the real
/// capture of CONTRACT §9 shows one on a GET, so reads get one too).</summary>
public sealed class AuditLogId(RequestDelegate next)
{
    public const string Header = "Cf-Auditlog-Id";

    /// <summary>Set by an injected fault with <c>after</c>: the operation ran, so its answer keeps
    /// the header although its status is the fault's.</summary>
    public const string OperationRanItem = "addressmaps.operation-ran";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Routes.ClientV4))
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode is >= 200 and < 300 || context.Items.ContainsKey(OperationRanItem))
                {
                    context.Response.Headers[Header] = Guid.CreateVersion7().ToString();
                }

                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
