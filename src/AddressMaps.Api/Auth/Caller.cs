namespace AddressMaps.Api.Auth;

/// <summary>Who is calling, once the credential is verified: a user with a global key (every
/// permission on its accounts) or an API token (its groups on its accounts).</summary>
public sealed record Caller(string Kind, string Id, IReadOnlyList<(string AccountId, string Group)> Grants, IReadOnlySet<string> AllAccessAccounts)
{
    public const string UserKind = "user";
    public const string TokenKind = "token";

    public DateTime? ExpiresOn { get; init; }

    public DateTime? NotBefore { get; init; }

    /// <summary>Whose rate-limit budget a request spends: the user's, for a global key or a token
    /// the seed ties to a user; else the token's own.</summary>
    public string RateLimitKey { get; init; } = "";

    /// <summary>Pure decision: may this caller run an operation needing one of
    /// <paramref name="anyOf"/> on <paramref name="accountId"/>?</summary>
    public bool Allows(string accountId, IReadOnlyList<string> anyOf) =>
        AllAccessAccounts.Contains(accountId) || Grants.Any(g => g.AccountId == accountId && anyOf.Contains(g.Group));
}
