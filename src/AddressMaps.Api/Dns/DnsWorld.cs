using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Dns;

// What DNS answers are computed from, as plain data (no EF, no ASP.NET): the zones with their
// records, and the maps with their IPs and memberships.

public sealed record DnsZone(string Id, string Name, string AccountId, IReadOnlyList<DnsRecordData> Records);

public sealed record DnsRecordData(string Name, string Type, string Content, bool Proxied, int Ttl);

/// <summary>A map as DNS and TLS see it; <see cref="Ips"/> in the map's order.</summary>
public sealed record DnsMap(MapFacts Facts, string AccountId, IReadOnlyList<IPAddress> Ips, string? DefaultSni, DateTime CreatedAt);

/// <summary>Zones by name and maps, indexed once per snapshot.</summary>
public sealed class DnsWorld
{
    public DnsWorld(IEnumerable<DnsZone> zones, IEnumerable<DnsMap> maps)
    {
        // Accounts made on the fly may reuse a zone name; the first by id answers.
        ZonesByName = zones.GroupBy(z => z.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(z => z.Id, StringComparer.Ordinal).First(), StringComparer.Ordinal);
        Maps = maps.ToList();
    }

    public static DnsWorld Empty { get; } = new([], []);

    public IReadOnlyDictionary<string, DnsZone> ZonesByName { get; }

    public IReadOnlyList<DnsMap> Maps { get; }
}
