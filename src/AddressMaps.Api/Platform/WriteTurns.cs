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
/// of 8 s at 32 connections: create p99 45–54 → 34–37 ms; PUT + DELETE p99 75–138 → 65–108 ms;
/// throughput within the noise; 6 to 12 turns measured alike, 3 lost throughput.</summary>
public sealed class WriteTurns(RequestDelegate next, ConcurrencyLimiter turns)
{
    /// <summary>In the pipeline unless the setting is 0.</summary>
    public static void Use(WebApplication app)
    {
        if (Limiter(app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value.MaxConcurrentWrites) is { } turns)
        {
            app.UseMiddleware<WriteTurns>(turns);
        }
    }

    /// <summary>The turns for the setting: none for 0, a start-up error for a negative number.</summary>
    public static ConcurrencyLimiter? Limiter(int maxConcurrentWrites) => maxConcurrentWrites switch
    {
        < 0 => throw new StartupException($"invalid setting: AddressMaps__MaxConcurrentWrites is {maxConcurrentWrites}; give the number of writes that may run at once, or 0 for no limit"),
        0 => null,
        _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxConcurrentWrites,
            QueueLimit = int.MaxValue, // never refuses: a write waits as long as a busy database makes it
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }),
    };

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
