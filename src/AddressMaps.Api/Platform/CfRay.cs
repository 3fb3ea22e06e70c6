using Serilog.Context;

namespace AddressMaps.Api.Platform;

/// <summary>Gives every response a Cloudflare-shaped ray id (<c>16 hex-3 letters</c>) and
/// <c>Server: cloudflare</c>, and pushes the ray into the log context.</summary>
public sealed class CfRay(RequestDelegate next)
{
    public const string Header = "cf-ray";
    private const string ItemKey = "cf-ray";

    // The colo suffix of every ray: "EMU" marks answers from this emulator.
    private const string Colo = "EMU";

    public static string Get(HttpContext context) => context.Items[ItemKey] as string ?? "";

    public async Task InvokeAsync(HttpContext context)
    {
        // A label, not a secret: the shared pseudo-random generator, not the system's (issue 13).
        var ray = ((ulong)Random.Shared.NextInt64(long.MinValue, long.MaxValue)).ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + "-" + Colo;
        context.Items[ItemKey] = ray;
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            response.Headers[Header] = ray;
            response.Headers.Server = "cloudflare";
            return Task.CompletedTask;
        });

        using (LogContext.PushProperty("CfRay", ray))
        {
            await next(context);
        }
    }

}
