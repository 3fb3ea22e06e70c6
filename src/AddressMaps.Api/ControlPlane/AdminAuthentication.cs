using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.ControlPlane;

/// <summary>Who may call the control plane (EMULATOR.md §0), as its own authentication scheme:
/// with <c>AddressMaps__AdminToken</c> set, <c>Authorization: Bearer &lt;token&gt;</c> (missing: 401
/// 2001, wrong: 403 2002); without it, loopback clients only (others: 403 2003).</summary>
public sealed class AdminAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AddressMapsOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "EmulatorAdmin";
    public const string Policy = "emulator-admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var refusal = Refusal(options.Value.AdminToken, Request.Headers.Authorization.ToString(), Context.Connection.RemoteIpAddress);
        if (refusal is not null)
        {
            AuthFailures.Record(Context, refusal);
            return Task.FromResult(AuthenticateResult.Fail(refusal));
        }

        var identity = new ClaimsIdentity(SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Pure: the refusal for a request, or null when it may call. A request without a
    /// remote address (in-process) counts as loopback.</summary>
    public static ApiException? Refusal(string? adminToken, string authorization, IPAddress? remote)
    {
        if (string.IsNullOrEmpty(adminToken))
        {
            return remote is null || IPAddress.IsLoopback(remote) ? null
                : Errors.LoopbackOnly.With($"the control plane answers loopback clients only; {remote} is not one. Set AddressMaps__AdminToken and send Authorization: Bearer <that token>");
        }

        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.Ordinal))
        {
            return Errors.AdminTokenRequired.With("the control plane needs Authorization: Bearer <AddressMaps__AdminToken>");
        }

        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[bearer.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(adminToken));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? null
            : Errors.AdminTokenInvalid.With("the bearer is not the control plane's admin token (AddressMaps__AdminToken)");
    }
}
