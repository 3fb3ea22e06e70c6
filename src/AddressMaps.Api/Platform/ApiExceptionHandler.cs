using Microsoft.AspNetCore.Diagnostics;

namespace AddressMaps.Api.Platform;

/// <summary>Maps every exception to Cloudflare's envelope: typed API errors as they are, malformed
/// requests the framework rejects as 400, anything else as a logged 500 (never a bare 500).</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var error = exception switch
        {
            ApiException api => api,
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => JsonBody.TooLarge(),
            BadHttpRequestException bad => Errors.InvalidField.With($"bad request: {bad.Message}"),
            _ when context.RequestAborted.IsCancellationRequested => null,
            _ when DatabaseOutage.IsOutage(exception) => Outage(context, exception),
            _ => null,
        };

        if (error is null)
        {
            if (context.RequestAborted.IsCancellationRequested)
            {
                return true; // the client went away; nobody reads the answer
            }

            logger.LogError(exception, "Unhandled fault on {Method} {Path} (cf-ray {CfRay})",
                context.Request.Method, context.Request.Path.Value, CfRay.Get(context));
            error = Errors.Internal.With($"internal server error (cf-ray {CfRay.Get(context)})");
        }

        await ApiResponses.WriteErrorAsync(context, error);
        return true;
    }

    /// <summary>A 503, with why in the log (one line: the database's own words).</summary>
    private ApiException Outage(HttpContext context, Exception exception)
    {
        logger.LogWarning("Database unavailable on {Method} {Path} (cf-ray {CfRay}): {Error}",
            context.Request.Method, context.Request.Path.Value, CfRay.Get(context), exception.GetBaseException().Message);
        return Errors.ServiceUnavailable.With("the emulator's database (PostgreSQL) is unreachable; retry shortly");
    }
}
