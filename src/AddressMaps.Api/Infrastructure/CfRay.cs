using System.Security.Cryptography;
using Serilog.Context;

namespace AddressMaps.Api.Infrastructure;

/// <summary>Gives every response a Cloudflare-shaped ray id (<c>16 hex-3 letters</c>), every
/// successful API answer a UUIDv7 <c>Cf-Auditlog-Id</c> (the real capture of CONTRACT §9 shows one
/// on a GET, so reads get one too), and pushes the ray into the log context.</summary>
public sealed class CfRay(RequestDelegate next)
{
    public const string Header = "cf-ray";
    public const string AuditLogHeader = "Cf-Auditlog-Id";
    private const string ItemKey = "cf-ray";

    // The colo suffix of every ray: "EMU" marks answers from this emulator.
    private const string Colo = "EMU";

    public static string Get(HttpContext context) => context.Items[ItemKey] as string ?? "";

    public async Task InvokeAsync(HttpContext context)
    {
        var ray = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "-" + Colo;
        context.Items[ItemKey] = ray;
        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            response.Headers[Header] = ray;
            response.Headers.Server = "cloudflare";
            if (response.StatusCode is >= 200 and < 300 && context.Request.Path.StartsWithSegments("/client/v4"))
            {
                response.Headers[AuditLogHeader] = Guid.CreateVersion7().ToString();
            }

            return Task.CompletedTask;
        });

        using (LogContext.PushProperty("CfRay", ray))
        {
            await next(context);
        }
    }

}
