using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace AddressMaps.Api.Auth;

public enum CallerKind
{
    /// <summary>A user with a global API key: every permission on the user's accounts.</summary>
    User,

    /// <summary>An API token: its permission groups on its accounts.</summary>
    Token,

    /// <summary>Lenient mode: any well-formed credential may do anything on any account.</summary>
    Lenient,
}

/// <summary>Who is calling, once the credential is verified.</summary>
public sealed record Caller(CallerKind Kind, string Id, IReadOnlyList<(string AccountId, string Group)> Grants, IReadOnlySet<string> AllAccessAccounts)
{
    public DateTime? ExpiresOn { get; init; }

    public DateTime? NotBefore { get; init; }

    /// <summary>The user's email, for a global key (and a lenient key credential); null for a token.</summary>
    public string? Email { get; init; }

    /// <summary>Whose rate-limit budget a request spends: the user's, for a global key or a token
    /// the seed ties to a user; else the token's own.</summary>
    public string RateLimitKey { get; init; } = "";

    /// <summary>Pure decision: may this caller run an operation needing one of
    /// <paramref name="anyOf"/> on <paramref name="accountId"/>?</summary>
    public bool Allows(string accountId, IReadOnlyList<string> anyOf) =>
        Kind == CallerKind.Lenient
        || AllAccessAccounts.Contains(accountId)
        || Grants.Any(g => g.AccountId == accountId && anyOf.Contains(g.Group));

    /// <summary>Lenient mode's caller: named by a hash of the credential, reaching everything.</summary>
    public static Caller Lenient(Credential credential)
    {
        var email = (credential as GlobalKeyCredential)?.Email;
        var secret = credential switch
        {
            BearerCredential b => b.Token,
            GlobalKeyCredential k => k.Email,
            _ => "",
        };
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..32];
        return new Caller(CallerKind.Lenient, id, [], new HashSet<string>()) { RateLimitKey = "lenient:" + id, Email = email };
    }

    /// <summary>The caller the authentication handler put on the request, if any.</summary>
    public static Caller? Of(ClaimsPrincipal user) => (user.Identity as CallerIdentity)?.Caller;
}

/// <summary>The identity the Cloudflare authentication scheme issues: it carries the caller.</summary>
public sealed class CallerIdentity(Caller caller) : ClaimsIdentity(CloudflareAuthentication.SchemeName)
{
    public Caller Caller { get; } = caller;
}
