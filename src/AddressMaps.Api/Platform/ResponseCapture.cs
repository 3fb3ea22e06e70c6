namespace AddressMaps.Api.Platform;

/// <summary>Runs the rest of the pipeline with the response body going to a buffer, so a stage can
/// look at the answer (the journal) or drop it (a fault with <c>after</c>) before the client gets it.</summary>
public static class ResponseCapture
{
    public static async Task RunAsync(HttpContext context, RequestDelegate next, Stream into)
    {
        var original = context.Response.Body;
        context.Response.Body = into;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
    }
}
