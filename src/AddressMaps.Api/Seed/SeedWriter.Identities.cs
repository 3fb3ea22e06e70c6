namespace AddressMaps.Api.Seed;

/// <summary>The identities of a seed document: users with their accounts, tokens with their
/// policies; secrets stored as SHA-256 only.</summary>
internal sealed partial class SeedWriter
{
    private async Task WriteUsersAsync(IReadOnlyList<SeedUser> users, CancellationToken ct)
    {
        foreach (var u in users)
        {
            var hash = SecretHash(u.GlobalKey, u.GlobalKeySha256, $"user {u.Email}");
            var user = await UpsertAsync(db.Users, u.Id, () => new User { Id = u.Id, Email = u.Email, KeyHash = hash }, ct);
            user.Email = u.Email.ToLowerInvariant();
            user.EphemeralAccountId = u.ForAccount;
            if (!user.KeyHash.AsSpan().SequenceEqual(hash))
            {
                user.KeyHash = hash;
            }

            var wanted = (u.Accounts ?? []).ToHashSet();
            var have = await db.UserAccounts.Where(x => x.UserId == u.Id).ToListAsync(ct);
            db.UserAccounts.RemoveRange(have.Where(x => !wanted.Contains(x.AccountId)));
            db.UserAccounts.AddRange(wanted.Where(acc => have.All(h => h.AccountId != acc)).Select(acc => new UserAccount { UserId = user.Id, AccountId = acc }));
        }
    }

    private async Task WriteTokensAsync(IReadOnlyList<SeedToken> tokens, CancellationToken ct)
    {
        foreach (var t in tokens)
        {
            var hash = SecretHash(t.Value, t.ValueSha256, $"token {t.Id}");
            var token = await UpsertAsync(db.ApiTokens, t.Id, () => new ApiToken { Id = t.Id, Name = t.Name, SecretHash = hash, Status = TokenStatus.Active }, ct);
            token.Name = t.Name;
            if (!token.SecretHash.AsSpan().SequenceEqual(hash))
            {
                token.SecretHash = hash;
            }

            token.Status = EnumText.ParseStatus(t.Status) ?? TokenStatus.Active;
            token.NotBefore = t.NotBefore?.ToUniversalTime();
            token.ExpiresOn = t.ExpiresOn?.ToUniversalTime();
            token.UserId = t.User;
            token.EphemeralAccountId = t.ForAccount;
            var wanted = (t.Policies ?? []).SelectMany(p => p.PermissionGroups.Select(g => (p.Account, g))).ToHashSet();
            var have = await db.ApiTokenPolicies.Where(x => x.TokenId == t.Id).ToListAsync(ct);
            db.ApiTokenPolicies.RemoveRange(have.Where(x => !wanted.Contains((x.AccountId, x.PermissionGroup))));
            db.ApiTokenPolicies.AddRange(wanted.Where(w => !have.Any(h => h.AccountId == w.Account && h.PermissionGroup == w.g))
                .Select(w => new ApiTokenPolicy { TokenId = t.Id, AccountId = w.Account, PermissionGroup = w.g }));
        }
    }

    private static byte[] SecretHash(string? plain, string? sha256Hex, string what) =>
        plain is not null ? Authenticator.Hash(plain)
        : sha256Hex is { Length: 64 } ? Convert.FromHexString(sha256Hex)
        : throw new InvalidOperationException($"Seed: {what} needs a plaintext secret or its 64-hex SHA-256.");
}
