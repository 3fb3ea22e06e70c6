using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace AddressMaps.Api.Auth;

public abstract record Credential;

/// <summary><c>Authorization: Bearer &lt;token&gt;</c>: an API token.</summary>
public sealed record BearerCredential(string Token) : Credential;

/// <summary><c>X-Auth-Email</c> + <c>X-Auth-Key</c>: a user's global API key.</summary>
public sealed record GlobalKeyCredential(string Email, string Key) : Credential;

/// <summary>Reads the credential headers and checks their format as Cloudflare does (CONTRACT §6,
/// §7). Pure: no database. Throws 9106 when there is no credential and 6003 with an error_chain
/// naming each malformed header.</summary>
public static partial class CredentialParser
{
    public const string EmailHeader = "X-Auth-Email";
    public const string KeyHeader = "X-Auth-Key";
    public const string AuthorizationHeader = "Authorization";

    public static Credential Parse(StringValues authorization, StringValues email, StringValues key)
    {
        var hasAuthorization = !StringValues.IsNullOrEmpty(authorization);
        var hasEmail = !StringValues.IsNullOrEmpty(email);
        var hasKey = !StringValues.IsNullOrEmpty(key);

        if (!hasAuthorization && !hasEmail && !hasKey)
        {
            throw Errors.MissingCredentials.With("Missing X-Auth-Key, X-Auth-Email or Authorization headers");
        }

        // An Authorization header takes precedence over X-Auth-* (docs/fidelity.md).
        if (hasAuthorization)
        {
            var token = BearerToken(authorization.ToString());
            return token is null ? throw HeaderError(Errors.InvalidAuthorizationHeader, "Invalid format for Authorization header") : new BearerCredential(token);
        }

        var chain = new List<ApiErrorItem>();
        if (!IsValidEmail(email.ToString()))
        {
            chain.Add(new ApiErrorItem(Errors.InvalidEmailHeader.Code, "Invalid format for X-Auth-Email header"));
        }

        if (!IsValidGlobalKey(key.ToString()))
        {
            chain.Add(new ApiErrorItem(Errors.InvalidKeyHeader.Code, "Invalid format for X-Auth-Key header"));
        }

        return chain.Count > 0
            ? throw new ApiException(Errors.InvalidHeaders, "Invalid request headers", chain: chain)
            : new GlobalKeyCredential(email.ToString().Trim().ToLowerInvariant(), key.ToString().Trim());
    }

    /// <summary>The token of a well-formed <c>Bearer</c> header (40 chars of [A-Za-z0-9_-]), else null.</summary>
    public static string? BearerToken(string header)
    {
        var match = BearerPattern().Match(header.Trim());
        return match.Success ? match.Groups[1].Value : null;
    }

    public static bool IsValidGlobalKey(string key) => GlobalKeyPattern().IsMatch(key.Trim());

    public static bool IsValidEmail(string email)
    {
        var e = email.Trim();
        return e.Length <= 254 && EmailPattern().IsMatch(e);
    }

    private static ApiException HeaderError(ErrorDefinition which, string message) =>
        new(Errors.InvalidHeaders, "Invalid request headers", chain: [new ApiErrorItem(which.Code, message)]);

    [GeneratedRegex("^Bearer +([A-Za-z0-9_-]{40})$")]
    private static partial Regex BearerPattern();

    [GeneratedRegex("^[0-9a-f]{37}$")]
    private static partial Regex GlobalKeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();
}
