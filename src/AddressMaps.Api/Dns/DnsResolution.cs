using System.Net.Sockets;
using AddressMaps.Api.Memberships;

namespace AddressMaps.Api.Dns;

/// <summary>One answer: the rcode, the records, where the addresses came from, and why.</summary>
public sealed record DnsAnswer(
    string Name,
    string Type,
    string Rcode,
    DnsZone? Zone,
    IReadOnlyList<DnsAnswerRecord> Answers,
    IReadOnlyList<DnsAnswerRecord> Authority,
    string? Source,
    string? AddressMapId,
    IReadOnlyList<string> Trace);

/// <summary>A record of an answer; <see cref="Data"/> in presentation format (an address, a name
/// with its trailing dot, a TXT string, an SOA's seven fields).</summary>
public sealed record DnsAnswerRecord(string Name, string Type, int Ttl, string Data);

/// <summary>What Cloudflare's DNS would answer for (name, type), EMULATOR.md §8, as one pure
/// function over plain data. The HTTP view and the DNS server both call it.</summary>
public static class DnsResolution
{
    public const int ProxiedTtl = 300;
    public const int AutomaticTtl = 300;
    public const int NsTtl = 86400;
    public const int SoaTtl = 1800;

    public const string NoError = "NOERROR";
    public const string NxDomain = "NXDOMAIN";
    public const string Refused = "REFUSED";

    public const string FromZoneMembership = "zone_membership";
    public const string FromAccountMembership = "account_membership";
    public const string FromDefault = "cloudflare_default";
    public const string FromRecord = "record";

    public static DnsAnswer Resolve(DnsWorld world, string queryName, string queryType)
    {
        var name = DnsNames.Normalize(queryName);
        var type = queryType.ToUpperInvariant();
        var trace = new List<string>();

        // 1. The zone: the longest suffix of the name that is a zone.
        var zone = FindZone(world, name);
        if (zone is null)
        {
            trace.Add($"zone: no zone is {name} or a parent of it → not Cloudflare's name, REFUSED");
            return new DnsAnswer(name, type, Refused, null, [], [], null, null, trace);
        }

        trace.Add($"zone {zone.Name} ({zone.Id}), account {zone.AccountId}");
        var soa = CloudflareDns.Soa(zone);
        var apex = name == zone.Name;

        // 4. The apex's SOA and NS are Cloudflare's, whatever the records.
        if (apex && type is "SOA" or "NS")
        {
            trace.Add(type == "SOA" ? "apex: Cloudflare's SOA" : "apex: Cloudflare's two nameservers");
            return new DnsAnswer(name, type, NoError, zone, type == "SOA" ? [soa] : CloudflareDns.Nameservers(zone), [], FromDefault, null, trace);
        }

        return FromRecords(world, zone, name, type, soa, trace);
    }

    /// <summary>2. The records of the name: exact, else the closest wildcard; none listed at all: proxied.</summary>
    private static DnsAnswer FromRecords(DnsWorld world, DnsZone zone, string name, string type, DnsAnswerRecord soa, List<string> trace)
    {
        var apex = name == zone.Name;
        if (zone.Records.Count == 0)
        {
            trace.Add("record: none listed, proxied by default");
            return Proxied(world, zone, name, type, [new DnsRecordData(name, "A", "", true, ProxiedTtl)], soa, trace);
        }

        var records = FindRecords(zone, name, trace);
        if (records.Count == 0)
        {
            trace.Add(apex ? "apex without records of its own: no data" : $"record: no record for {name} → NXDOMAIN");
            return apex ? NoData(name, type, zone, soa, trace) : new DnsAnswer(name, type, NxDomain, zone, [], [soa], null, null, trace);
        }

        return records.Any(r => r.Proxied)
            ? Proxied(world, zone, name, type, records, soa, trace)
            : Unproxied(zone, name, type, records, soa, trace);
    }

    /// <summary>An unproxied name answers its own records; maps do not touch it. A CNAME answers any type.</summary>
    private static DnsAnswer Unproxied(DnsZone zone, string name, string type, IReadOnlyList<DnsRecordData> records, DnsAnswerRecord soa, List<string> trace)
    {
        var cname = records.FirstOrDefault(r => r.Type == "CNAME");
        var own = records.Where(r => cname is not null ? r == cname : r.Type == type).ToList();
        trace.Add(own.Count == 0
            ? $"record: unproxied, no {type} record → no data"
            : $"record: unproxied {own[0].Type}, {own.Count} answer(s) from the record itself (maps do not touch it)");
        return own.Count == 0
            ? NoData(name, type, zone, soa, trace)
            : new DnsAnswer(name, type, NoError, zone, own.Select(r => Own(name, r)).ToList(), [], FromRecord, null, trace);
    }

    /// <summary>Rule 3: a proxied name answers A and AAAA from the maps (a proxied CNAME is
    /// flattened to the same); other types only from unproxied records beside it.</summary>
    private static DnsAnswer Proxied(DnsWorld world, DnsZone zone, string name, string type, IReadOnlyList<DnsRecordData> records, DnsAnswerRecord soa, List<string> trace)
    {
        if (type is not ("A" or "AAAA"))
        {
            var other = records.Where(r => !r.Proxied && r.Type == type).ToList();
            if (other.Count > 0)
            {
                trace.Add($"record: unproxied {type} beside the proxied ones, {other.Count} answer(s) from the record itself");
                return new DnsAnswer(name, type, NoError, zone, other.Select(r => Own(name, r)).ToList(), [], FromRecord, null, trace);
            }

            trace.Add($"record: proxied; a proxied name answers only A and AAAA, not {type} → no data");
            return NoData(name, type, zone, soa, trace);
        }

        return Addresses(world, zone, name, type, trace);
    }

    private static DnsAnswer Addresses(DnsWorld world, DnsZone zone, string name, string type, List<string> trace)
    {
        var family = type == "A" ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        var (source, map) = ChooseMap(world, zone, trace);
        var addresses = map?.Ips.Where(ip => ip.AddressFamily == family).ToList() ?? [];
        if (map is not null && addresses.Count == 0)
        {
            trace.Add($"map {map.Facts.Id} has no {type} address → Cloudflare's defaults for {type}");
            source = FromDefault;
        }
        else if (map is not null)
        {
            trace.Add($"map {map.Facts.Id} → {addresses.Count} {type}");
        }

        if (source == FromDefault)
        {
            addresses = CloudflareDns.DefaultAddresses(zone.Id, family);
            trace.Add($"Cloudflare's default anycast addresses for zone {zone.Id} → {addresses.Count} {type}");
        }

        var answers = addresses.Select(ip => new DnsAnswerRecord(name, type, ProxiedTtl, IpAddresses.Canonical(ip))).ToList();
        return new DnsAnswer(name, type, NoError, zone, answers, [], source, map?.Facts.Id, trace);
    }

    /// <summary>The seeded zone whose name is the longest suffix of the name (label-wise).</summary>
    public static DnsZone? FindZone(DnsWorld world, string name)
    {
        for (var candidate = name; ; candidate = candidate[(candidate.IndexOf('.', StringComparison.Ordinal) + 1)..])
        {
            if (world.ZonesByName.TryGetValue(candidate, out var zone))
            {
                return zone;
            }

            if (!candidate.Contains('.', StringComparison.Ordinal))
            {
                return null;
            }
        }
    }

    private static DnsAnswer NoData(string name, string type, DnsZone zone, DnsAnswerRecord soa, List<string> trace) =>
        new(name, type, NoError, zone, [], [soa], null, null, trace);

    private static DnsAnswerRecord Own(string name, DnsRecordData r) => new(name, r.Type, r.Ttl == 1 ? AutomaticTtl : r.Ttl,
        r.Type == "CNAME" ? r.Content.TrimEnd('.') + "." : r.Content);

    private static List<DnsRecordData> FindRecords(DnsZone zone, string name, List<string> trace)
    {
        var exact = zone.Records.Where(r => r.Name == name).ToList();
        if (exact.Count > 0)
        {
            trace.Add($"record: {exact.Count} listed for {name} ({Describe(exact)})");
            return exact;
        }

        // The closest enclosing wildcard: *.b.zone for a.b.zone, then *.zone.
        for (var parent = name; parent != zone.Name && parent.Contains('.', StringComparison.Ordinal);)
        {
            parent = parent[(parent.IndexOf('.', StringComparison.Ordinal) + 1)..];
            var wildcard = zone.Records.Where(r => r.Name == "*." + parent).ToList();
            if (wildcard.Count > 0)
            {
                trace.Add($"record: none for {name}; wildcard *.{parent} ({Describe(wildcard)})");
                return wildcard;
            }
        }

        return [];
    }

    private static string Describe(List<DnsRecordData> records) =>
        string.Join(", ", records.Select(r => $"{r.Type} {(r.Proxied ? "proxied" : "unproxied")}"));

    /// <summary>Rules 1 and 2 through <see cref="MembershipRules.EffectiveMapForZone"/>: the zone's
    /// map, else its account's, else none (Cloudflare's defaults). Disabled maps are named in the trace.</summary>
    private static (string Source, DnsMap? Map) ChooseMap(DnsWorld world, DnsZone zone, List<string> trace)
    {
        var candidates = world.Maps.Where(m => m.Facts.Memberships.Any(ms =>
            (ms.Kind == MembershipKind.Zone && ms.Identifier == zone.Id) || (ms.Kind == MembershipKind.Account && ms.Identifier == zone.AccountId))).ToList();
        foreach (var m in candidates)
        {
            var zoneMember = m.Facts.Memberships.Any(ms => ms.Kind == MembershipKind.Zone && ms.Identifier == zone.Id);
            trace.Add($"map {m.Facts.Id}: {(zoneMember ? "zone member" : "account member")}, {(m.Facts.Enabled ? "enabled" : "disabled → ignored")}");
        }

        var chosen = MembershipRules.EffectiveMapForZone(zone.Id, zone.AccountId, candidates.Select(m => m.Facts));
        if (chosen is null)
        {
            trace.Add("no enabled map has the zone or its account as member");
            return (FromDefault, null);
        }

        var map = candidates.First(m => m.Facts.Id == chosen.Id);
        var byZone = chosen.Memberships.Any(ms => ms.Kind == MembershipKind.Zone && ms.Identifier == zone.Id);
        trace.Add($"chosen: map {chosen.Id} ({(byZone ? "zone membership beats account membership" : "account membership")})");
        return (byZone ? FromZoneMembership : FromAccountMembership, map);
    }
}
