using System.Globalization;
using System.Net.Sockets;
using AddressMaps.Api.Seed;

namespace AddressMaps.Api.Dns;

/// <summary>Which seed DNS records are valid (EMULATOR.md §8), pure: what is wrong with each.</summary>
public static class DnsRecordRules
{
    public static readonly IReadOnlyList<string> Types = ["A", "AAAA", "CNAME", "TXT"];

    public static IEnumerable<string> Problems(string zoneName, SeedDnsRecord r)
    {
        var zone = zoneName.ToLowerInvariant();
        var name = r.Name.ToLowerInvariant();
        var bare = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
        if (!(Text.IsHostname(name) || bare == zone) || !(bare == zone || bare.EndsWith("." + zone, StringComparison.Ordinal)))
        {
            yield return $"record name '{Text.Shorten(r.Name)}' of zone {zoneName} is not a hostname at or under the zone ('*.' allowed)";
        }

        if (!Types.Contains(r.Type))
        {
            yield return $"record type '{Text.Shorten(r.Type)}' of {r.Name} is not one of {string.Join(", ", Types)}";
        }

        var contentOk = r.Type switch
        {
            "A" => IpAddresses.TryParse(r.Content, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork,
            "AAAA" => IpAddresses.TryParse(r.Content, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6,
            "CNAME" => Text.IsHostname(r.Content.TrimEnd('.').ToLowerInvariant()) && !r.Content.StartsWith('*'),
            "TXT" => r.Content.Length is > 0 and <= 2048,
            _ => true,
        };
        if (!contentOk)
        {
            yield return $"record content '{Text.Shorten(r.Content)}' of {r.Type} {r.Name} is not valid for its type";
        }

        if (r.Proxied == true && r.Type == "TXT")
        {
            yield return $"TXT record {r.Name} cannot be proxied (only A, AAAA and CNAME can)";
        }

        if (r.Ttl is { } ttl && ttl != 1 && ttl is < 30 or > 86400)
        {
            yield return $"record ttl {ttl.ToString(CultureInfo.InvariantCulture)} of {r.Name} is neither 1 (automatic) nor 30–86400";
        }
    }
}
