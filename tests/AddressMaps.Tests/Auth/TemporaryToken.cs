using System.Security.Cryptography;

namespace AddressMaps.Tests.Auth;

/// <summary>An API token the seed does not have (disabled, not yet valid, dated), written straight
/// into api_tokens as the seed loader would (SHA-256 of the secret) and removed on dispose, since
/// the per-test reset only clears address maps.</summary>
public sealed class TemporaryToken : IAsyncDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private readonly ApiFixture fixture;

    private TemporaryToken(ApiFixture fixture, string id, string secret)
    {
        this.fixture = fixture;
        Id = id;
        Secret = secret;
    }

    public string Id { get; }

    public string Secret { get; }

    public Credentials Credentials => Credentials.Bearer(Secret);

    public static async Task<TemporaryToken> AddAsync(
        ApiFixture fixture, string status = "active", DateTime? notBefore = null, DateTime? expiresOn = null, string? account = null, params string[] groups)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var secret = RandomNumberGenerator.GetString(Alphabet, 40);
        using var db = fixture.NewDbContext();
        db.ApiTokens.Add(new ApiToken
        {
            Id = id,
            Name = "test token " + status,
            SecretHash = Authenticator.Hash(secret),
            Status = EnumText.ParseStatus(status)!.Value,
            NotBefore = notBefore,
            ExpiresOn = expiresOn,
            Policies = (groups.Length == 0 ? [PermissionGroups.AddressMapsWrite] : groups)
                .Select(g => new ApiTokenPolicy { TokenId = id, AccountId = account ?? Demo.Account, PermissionGroup = g }).ToList(),
        });
        await db.SaveChangesAsync();
        await fixture.AnnounceIdentityChangeAsync();
        return new TemporaryToken(fixture, id, secret);
    }

    public async ValueTask DisposeAsync()
    {
        using var db = fixture.NewDbContext();
        await db.ApiTokens.Where(t => t.Id == Id).ExecuteDeleteAsync();
        await fixture.AnnounceIdentityChangeAsync();
    }
}
