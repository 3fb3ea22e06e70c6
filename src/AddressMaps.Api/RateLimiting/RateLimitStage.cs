using Microsoft.Extensions.Options;

namespace AddressMaps.Api.RateLimiting;

/// <summary>Cloudflare's per-user rate limit as its own pipeline stage, after authorization (so the
/// caller is known) and before the endpoint reads its body. Only in the pipeline when enabled.</summary>
public sealed class RateLimitStage(RequestDelegate next, IOptions<AddressMapsOptions> options)
{
    public static void Use(WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<AddressMapsOptions>>().Value.RateLimit.Enabled)
        {
            app.UseMiddleware<RateLimitStage>();
        }
    }

    public async Task InvokeAsync(HttpContext context, RateLimiter rateLimiter)
    {
        if (Caller.Of(context.User) is not { } caller)
        {
            await next(context);
            return;
        }

        // Counted per user (a user's key and tokens together), as Cloudflare counts.
        var limits = options.Value.RateLimit;
        var key = caller.RateLimitKey.Length > 0 ? caller.RateLimitKey : caller.Kind + ":" + caller.Id;
        var decision = await rateLimiter.HitAsync(key, limits, context.RequestAborted);
        context.Response.OnStarting(() =>
        {
            RateLimiter.WriteHeaders(context.Response, decision, limits);
            return Task.CompletedTask;
        });
        if (!decision.Allowed)
        {
            throw RateLimiter.Refusal();
        }

        await next(context);
    }
}
