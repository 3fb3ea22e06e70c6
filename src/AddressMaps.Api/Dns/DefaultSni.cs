namespace AddressMaps.Api.Dns;

public sealed record DefaultSniAnswer(string Ip, string DefaultSni, string AddressMapId, IReadOnlyList<SniConflict> Conflicts);

public sealed record SniConflict(string AddressMapId, string DefaultSni);

/// <summary>What a TLS client without SNI would get on an IP (EMULATOR.md §9), pure: the default
/// SNI of the map that holds the IP, enabled or not (Cloudflare's own example map is disabled);
/// several maps with different default SNIs are conflicts, and the oldest map's answers.</summary>
public static class DefaultSni
{
    /// <summary>Null when no map holding the IP has a default SNI.</summary>
    public static DefaultSniAnswer? For(IPAddress ip, IEnumerable<DnsMap> maps)
    {
        var holders = maps.Where(m => m.DefaultSni is not null && m.Ips.Contains(ip))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Facts.Id, StringComparer.Ordinal).ToList();
        if (holders.Count == 0)
        {
            return null;
        }

        var chosen = holders[0];
        var conflicts = holders.Count > 1 && holders.Any(m => m.DefaultSni != chosen.DefaultSni)
            ? holders.Select(m => new SniConflict(m.Facts.Id, m.DefaultSni!)).ToList()
            : [];
        return new DefaultSniAnswer(IpAddresses.Canonical(ip), chosen.DefaultSni!, chosen.Facts.Id, conflicts);
    }
}
