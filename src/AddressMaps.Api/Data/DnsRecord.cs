namespace AddressMaps.Api.Data;

/// <summary>A DNS record of a zone, from the seed or a state document (EMULATOR.md §8): types A,
/// AAAA, CNAME, TXT; <see cref="Name"/> is the full hostname or a <c>*.</c> wildcard under the zone.</summary>
public sealed class DnsRecord
{
    /// <summary>Surrogate key; its sequence gives the order the seed listed them in.</summary>
    public long Id { get; set; }
    public required string ZoneId { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    public required string Content { get; set; }
    public bool Proxied { get; set; }

    /// <summary>Seconds, for unproxied records; 1 means "automatic" (300), as at Cloudflare.</summary>
    public int Ttl { get; set; } = 1;
}
