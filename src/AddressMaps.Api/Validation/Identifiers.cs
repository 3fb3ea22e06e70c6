namespace AddressMaps.Api.Validation;

public static class Identifiers
{
    /// <summary>Cloudflare identifiers are 32 lowercase hex characters.</summary>
    public static bool IsCloudflareId(string? value) =>
        value is { Length: 32 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
