using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Platform;

/// <summary>Writes take turns: at most <see cref="AddressMapsOptions.MaxConcurrentWrites"/> of them
/// (POST, PUT, PATCH, DELETE) run at once, the next ones wait in the order they came (the
/// framework's <see cref="ConcurrencyLimiter"/>, oldest first, no queue limit); reads never wait
/// here. The last stage before the endpoint, so a request refused by auth or the rate limit, or
/// held by an injected latency fault, takes no turn.
///
/// Issue 13: with every write let in at once, 32 connections share two cores among 32 writes and
/// up to 16 database transactions, each holding its map's row lock while it waits for the CPU, and
/// a write's latency spreads from 15 to 50+ ms; taking turns, each runs almost alone and the mean
/// stays (the same work per second). Measured, one process per configuration, interleaved rounds
/// of 8 s at 32 connections: create p99 45–54 → 34–37 ms; PUT + DELETE p99 75–100 → 65–86 ms;
/// throughput within the noise; 6 to 12 turns measured alike, 3 lost throughput.</summary>
public sealed class WriteTurns(RequestDelegate next, ConcurrencyLimiter turns)
{
    /// <summary>In the pipeline unless the setting is 0.</summary>
    public static void Use(WebApplication app)
    {
        var limit = app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value.MaxConcurrentWrites;
        if (limit > 0)
        {
            app.UseMiddleware<WriteTurns>(new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = limit,
                QueueLimit = int.MaxValue, // never refuses: a write waits as long as a busy database makes it
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        }
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            await next(context);
            return;
        }

        // A client that gives up while waiting leaves the queue (the request is aborted).
        using var turn = await turns.AcquireAsync(1, context.RequestAborted);
        await next(context);
    }
}
