using System.Security.Cryptography;
using System.Text;
using AddressMaps.Api.Domain;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Auth;

/// <summary>Runs after routing and before the endpoint (so before the body is read): checks the
/// credential and, for endpoints that carry <see cref="RequiredPermission"/>, the permission group
/// on the route's account. Endpoints without auth metadata (Swagger, fallback) pass through.</summary>
public sealed class AuthMiddleware(RequestDelegate next, IOptions<AddressMapsOptions> options)
{
    public const string ModeHeader = "X-AddressMaps-Auth-Mode";
    private const string CallerKey = "addressmaps.caller";

    public static Caller? GetCaller(HttpContext context) => context.Items[CallerKey] as Caller;

    public async Task InvokeAsync(HttpContext context, Authenticator authenticator, RateLimiter rateLimiter, AddressMapService addressMaps)
    {
        var lenient = options.Value.AuthMode == AuthMode.Lenient;
        if (lenient)
        {
            // Added when the response starts, not now: the exception handler clears the headers of
            // every error it writes (9106, 6003, 1002, 7003...), and those must say "lenient" too.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[ModeHeader] = "lenient";
                return Task.CompletedTask;
            });
        }

        var endpoint = context.GetEndpoint();
        var permission = endpoint?.Metadata.GetMetadata<RequiredPermission>();
        var tokenOnly = endpoint?.Metadata.GetMetadata<RequiresToken>() is not null;
        if (permission is null && !tokenOnly)
        {
            await next(context);
            return;
        }

        var headers = context.Request.Headers;
        var credential = CredentialParser.Parse(
            headers[CredentialParser.AuthorizationHeader], headers[CredentialParser.EmailHeader], headers[CredentialParser.KeyHeader]);

        if (tokenOnly && credential is not BearerCredential)
        {
            throw Errors.InvalidToken.With("Invalid access token: this endpoint verifies an API token (Authorization: Bearer)");
        }

        Caller caller;
        if (lenient)
        {
            // Shapes only: any well-formed credential is accepted for any account.
            caller = new Caller("lenient", LenientId(credential), [], new HashSet<string>());
        }
        else
        {
            caller = await authenticator.AuthenticateAsync(credential, context.RequestAborted);
            if (permission is not null)
            {
                var accountId = context.GetRouteValue("account_id") as string ?? "";
                if (!caller.Allows(accountId, permission.AnyOf))
                {
                    throw Errors.AuthenticationError.With("Authentication error");
                }
            }
        }

        context.Items[CallerKey] = caller;
        if (options.Value.RateLimit is { Enabled: true } limits)
        {
            // Counted after the credential is known, per user (a user's key and tokens together),
            // as Cloudflare counts.
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
        }

        if (endpoint!.Metadata.GetMetadata<RequiresAddressMapsAddOn>() is not null)
        {
            // Entitlement after identity and permission, before the body is read.
            await addressMaps.EnsureAddOnAsync(context.GetRouteValue("account_id") as string ?? "", context.RequestAborted);
        }

        await next(context);
    }

    private static string LenientId(Credential credential)
    {
        var secret = credential switch
        {
            BearerCredential b => b.Token,
            GlobalKeyCredential k => k.Email,
            _ => "",
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..32];
    }
}
