using System.Security.Cryptography;
using System.Text;

namespace AddressMaps.Api.Auth;

/// <summary>Turns a well-formed credential into a <see cref="Caller"/>, or refuses it with 9109
/// (token) or 9103 (global key). Secrets are stored as SHA-256 and compared in constant time.
/// A row found is kept in <see cref="IdentityCache"/>; a token's status and dates are checked on
/// every request, against the emulator's clock.</summary>
public sealed class Authenticator(AddressMapsDbContext db, TimeProvider time, IdentityCache cache)
{
    private static readonly Func<AddressMapsDbContext, byte[], CancellationToken, Task<ApiToken?>> TokenQuery =
        EF.CompileAsyncQuery((AddressMapsDbContext c, byte[] hash, CancellationToken _) =>
            c.ApiTokens.AsNoTracking().Include(t => t.Policies).SingleOrDefault(t => t.SecretHash == hash));

    // Matched on the email and the key together: a wrong key for a known email finds no row,
    // exactly as an unknown email does, so both run the same statement and read the same nothing.
    private static readonly Func<AddressMapsDbContext, string, byte[], CancellationToken, Task<User?>> UserQuery =
        EF.CompileAsyncQuery((AddressMapsDbContext c, string email, byte[] keyHash, CancellationToken _) =>
            c.Users.AsNoTracking().Include(u => u.Accounts).SingleOrDefault(u => u.Email == email && u.KeyHash == keyHash));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public async Task<Caller> AuthenticateAsync(Credential credential, CancellationToken ct) => credential switch
    {
        BearerCredential bearer => await AuthenticateTokenAsync(bearer.Token, ct),
        GlobalKeyCredential key => await AuthenticateKeyAsync(key, ct),
        _ => throw new ArgumentOutOfRangeException(nameof(credential)),
    };

    private async Task<Caller> AuthenticateTokenAsync(string secret, CancellationToken ct)
    {
        var hash = Hash(secret);
        var token = await cache.GetAsync("t:" + Convert.ToBase64String(hash), () => TokenQuery(db, hash, ct));
        var now = time.GetUtcNow().UtcDateTime;
        if (token is null
            || !CryptographicOperations.FixedTimeEquals(token.SecretHash, hash)
            || token.Status != TokenStatus.Active
            || (token.NotBefore is { } nb && nb > now)
            || (token.ExpiresOn is { } exp && exp <= now))
        {
            throw Errors.InvalidToken.With("Invalid access token");
        }

        return new Caller(CallerKind.Token, token.Id, token.Policies.Select(p => (p.AccountId, p.PermissionGroup)).ToList(), new HashSet<string>())
        {
            ExpiresOn = token.ExpiresOn,
            NotBefore = token.NotBefore,
            RateLimitKey = token.UserId is { } owner ? "user:" + owner : "token:" + token.Id,
        };
    }

    private async Task<Caller> AuthenticateKeyAsync(GlobalKeyCredential credential, CancellationToken ct)
    {
        var hash = Hash(credential.Key);
        var user = await cache.GetAsync("u:" + Convert.ToBase64String(hash) + credential.Email, () => UserQuery(db, credential.Email, hash, ct));
        if (user is null)
        {
            throw Errors.UnknownGlobalKey.With("Unknown X-Auth-Key or X-Auth-Email");
        }

        return new Caller(CallerKind.User, user.Id, [], user.Accounts.Select(a => a.AccountId).ToHashSet())
        {
            RateLimitKey = "user:" + user.Id,
            Email = user.Email,
        };
    }
}
