using Microsoft.AspNetCore.Diagnostics;

namespace AddressMaps.Api.Platform;

/// <summary>Maps every exception to Cloudflare's envelope: typed API errors as they are, malformed
/// requests the framework rejects as 400, a database outage as 503, anything else as a logged 500
/// (never a bare 500). An exception of no known outage kind while the database does not answer a
/// probe is an outage too: the reliability suite once saw a 500 for a PUT of an IP while
/// PostgreSQL was stopping, and a client should retry that, not report a fault. So is one shortly
/// after this replica answered an outage (<see cref="RecentOutage"/>): later, a 500 for a create
/// while PostgreSQL was down, when the probe found it back already.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger, Npgsql.NpgsqlDataSource database, RecentOutage recent) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return ClientGone(context);
        }

        var error = exception switch
        {
            ApiException api => api,
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => JsonBody.TooLarge(),
            BadHttpRequestException bad => Errors.InvalidField.With($"bad request: {bad.Message}"),
            _ when DatabaseOutage.IsOutage(exception) => Outage(context, exception),
            _ => null,
        };

        if (error is null && (recent.Recent || !await AnswersAsync()))
        {
            logger.LogWarning(exception, "Fault on {Method} {Path} (cf-ray {CfRay}) while the database does not answer, or shortly after: answered 503",
                context.Request.Method, context.Request.Path.Value, CfRay.Get(context));
            error = Errors.ServiceUnavailable.With(UnreachableMessage);
        }
        else if (error is null)
        {
            logger.LogError(exception, "Unhandled fault on {Method} {Path} (cf-ray {CfRay})",
                context.Request.Method, context.Request.Path.Value, CfRay.Get(context));
            error = Errors.Internal.With($"internal server error (cf-ray {CfRay.Get(context)})");
        }

        try
        {
            await ApiResponses.WriteErrorAsync(context, error);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            return ClientGone(context); // it left while the answer was being written
        }

        return true;
    }

    /// <summary>The client went away (wrk does at the end of every run, mid-request): nobody reads
    /// an answer, and it is no fault of the emulator's, so nothing is written and nothing logged but
    /// the request's line, with 499 (nginx's "client closed request", as ASP.NET Core's own error
    /// stage answers an aborted request).</summary>
    private static bool ClientGone(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
        }

        return true;
    }

    private const string UnreachableMessage = "the emulator's database (PostgreSQL) is unreachable; retry shortly";

    /// <summary>Whether the database answers a SELECT 1 now (within its connection timeout).</summary>
    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var probe = database.CreateCommand("SELECT 1");
            await probe.ExecuteScalarAsync();
            return true;
        }
        catch (Exception e) when (DatabaseOutage.IsOutage(e))
        {
            recent.Seen();
            return false;
        }
    }

    /// <summary>A 503, with why in the log (one line: the database's own words).</summary>
    private ApiException Outage(HttpContext context, Exception exception)
    {
        recent.Seen();
        logger.LogWarning("Database unavailable on {Method} {Path} (cf-ray {CfRay}): {Error}",
            context.Request.Method, context.Request.Path.Value, CfRay.Get(context), exception.GetBaseException().Message);
        return Errors.ServiceUnavailable.With(UnreachableMessage);
    }
}
