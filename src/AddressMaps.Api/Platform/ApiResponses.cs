
namespace AddressMaps.Api.Platform;

/// <summary>The one place that writes Cloudflare's failure envelope.</summary>
public static class ApiResponses
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static ErrorEnvelope ToEnvelope(ApiException e)
    {
        var first = new ResponseMessage(e.Error.Code, e.Message, e.Chain?.Select(c => new ResponseMessage(c.Code, c.Message)).ToList());
        var errors = new List<ResponseMessage> { first };
        errors.AddRange(e.Extra.Select(x => new ResponseMessage(x.Code, x.Message)));
        return new ErrorEnvelope(errors, [], null, false);
    }

    public static async Task WriteErrorAsync(HttpContext context, ApiException e)
    {
        context.Response.StatusCode = e.Error.HttpStatus;
        if (e.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (e.Error.HttpStatus == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "1"; // transient: the database comes back, the race ends
        }

        context.Response.ContentType = JsonContentType;
        await context.Response.WriteAsJsonAsync(ToEnvelope(e), WireJsonContext.WireOptions, JsonContentType, context.RequestAborted);
    }
}
