namespace AddressMaps.Api.Seed;

/// <summary>A seed document with every plaintext secret replaced by its SHA-256 (what is stored
/// and what GET /_emulator/seed answers).</summary>
public static class SeedSecrets
{
    public static SeedDocument Hashed(SeedDocument seed) => seed with
    {
        Users = seed.Users?.Select(u => u.GlobalKey is null ? u : u with { GlobalKey = null, GlobalKeySha256 = Hex(u.GlobalKey) }).ToList(),
        Tokens = seed.Tokens?.Select(t => t.Value is null ? t : t with { Value = null, ValueSha256 = Hex(t.Value) }).ToList(),
    };

    private static string Hex(string secret) => Convert.ToHexStringLower(Authenticator.Hash(secret));
}
