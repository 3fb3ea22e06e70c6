using System.Security.Cryptography;

namespace AddressMaps.Api.Platform;

public static class Identifiers
{
    /// <summary>Cloudflare identifiers are 32 lowercase hex characters.</summary>
    public static bool IsCloudflareId(string? value) =>
        value is { Length: 32 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>A new random Cloudflare-shaped identifier.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
