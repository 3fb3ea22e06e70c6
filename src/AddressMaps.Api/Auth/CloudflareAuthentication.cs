using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AddressMaps.Api.Auth;

/// <summary>The authentication scheme for Cloudflare's credentials: header format (9106, 6003 and
/// its error_chain), then the token (9109) or the global key (9103). A refusal is the scheme's
/// failure; <see cref="EnvelopeAuthorizationResultHandler"/> answers it with the envelope.</summary>
public sealed class CloudflareAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AddressMapsOptions> options,
    Authenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Cloudflare";
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Only the endpoints that ask for a Cloudflare caller read credentials (not /healthz,
        // Swagger or the 7003 fallback).
        var endpoint = Context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAuthorizeData>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        try
        {
            var headers = Request.Headers;
            var credential = CredentialParser.Parse(
                headers[CredentialParser.AuthorizationHeader], headers[CredentialParser.EmailHeader], headers[CredentialParser.KeyHeader]);
            if (endpoint.Metadata.GetMetadata<RequiresToken>() is not null && credential is not BearerCredential)
            {
                throw Errors.InvalidToken.With("Invalid access token: this endpoint verifies an API token (Authorization: Bearer)");
            }

            var caller = options.Value.AuthMode == AuthMode.Lenient
                ? Caller.Lenient(credential)
                : await authenticator.AuthenticateAsync(credential, Context.RequestAborted);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new CallerIdentity(caller)), SchemeName));
        }
        catch (ApiException refused)
        {
            AuthFailures.Record(Context, refused);
            return AuthenticateResult.Fail(refused);
        }
    }
}
