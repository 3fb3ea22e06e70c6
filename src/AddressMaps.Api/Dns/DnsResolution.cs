using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AddressMaps.Api.Data;
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

    /// <summary>The types answered with data; any other type gets NOERROR without data.</summary>
    public static readonly IReadOnlySet<string> KnownTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "A", "AAAA", "CNAME", "TXT", "NS", "SOA", "MX", "SRV", "CAA", "PTR", "HTTPS", "SVCB", "DS", "DNSKEY", "ANY",
    };

    // Names Cloudflare gives its nameservers (first names); two per zone, chosen by the zone id.
    private static readonly string[] NameserverNames =
    [
        "ada", "alex", "bart", "cleo", "dana", "dave", "elle", "fred", "gina", "hugh", "ivan", "jade",
        "kim", "lara", "liz", "max", "nina", "otto", "pam", "rick", "sara", "tom", "uma", "walt",
    ];

    /// <summary>A name and type fit to ask: null, or what is wrong (names over 253 characters,
    /// labels over 63, empty labels, characters outside letters, digits, '-', '_' and '*').</summary>
    public static string? Problem(string name)
    {
        var bare = Normalize(name);
        if (bare.Length == 0)
        {
            return "name is empty";
        }

        if (bare.Length > 253)
        {
            return $"name is {bare.Length} characters long; a DNS name has at most 253";
        }

        foreach (var label in bare.Split('.'))
        {
            if (label.Length == 0)
            {
                return "name has an empty label";
            }

            if (label.Length > 63)
            {
                return $"label '{Text.Shorten(label)}' is {label.Length} characters long; a label has at most 63";
            }

            if (!label.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '*'))
            {
                return $"label '{Text.Shorten(label)}' has a character other than letters, digits, '-', '_' or '*'";
            }
        }

        return null;
    }

    /// <summary>Lower case, without the trailing dot of the root.</summary>
    public static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    public static DnsAnswer Resolve(DnsWorld world, string queryName, string queryType)
    {
        var name = Normalize(queryName);
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
        var soa = Soa(zone);
        var apex = name == zone.Name;

        // 4. The apex's SOA and NS are Cloudflare's, whatever the records.
        if (apex && type is "SOA" or "NS")
        {
            trace.Add(type == "SOA" ? "apex: Cloudflare's SOA" : "apex: Cloudflare's two nameservers");
            return new DnsAnswer(name, type, NoError, zone, type == "SOA" ? [soa] : Nameservers(zone), [], FromDefault, null, trace);
        }

        // 2. The records of the name: exact, else the closest wildcard; none listed at all: proxied.
        IReadOnlyList<DnsRecordData> records;
        if (zone.Records.Count == 0)
        {
            trace.Add("record: none listed, proxied by default");
            records = [new DnsRecordData(name, "A", "", true, ProxiedTtl)];
        }
        else
        {
            records = FindRecords(zone, name, trace);
            if (records.Count == 0)
            {
                if (apex)
                {
                    trace.Add("apex without records of its own: no data");
                    return NoData(name, type, zone, soa, trace);
                }

                trace.Add($"record: no record for {name} → NXDOMAIN");
                return new DnsAnswer(name, type, NxDomain, zone, [], [soa], null, null, trace);
            }
        }

        // An unproxied name answers its own records; maps do not touch it. A CNAME answers any type.
        if (!records.Any(r => r.Proxied))
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

        // 3. A proxied name: A and AAAA from the maps (a proxied CNAME is flattened to the same).
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
            addresses = DefaultAddresses(zone.Id, family);
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

    /// <summary>Cloudflare's default anycast addresses for a zone: two IPv4 (one in 104.16.0.0/13,
    /// one in 172.64.0.0/13) or two IPv6 in 2606:4700::/32 that embed them, as Cloudflare's own do.</summary>
    public static List<IPAddress> DefaultAddresses(string zoneId, AddressFamily family)
    {
        var h = SHA256.HashData(Encoding.ASCII.GetBytes(zoneId));
        byte[] first = [104, (byte)(16 | (h[0] & 0x07)), h[1], (byte)(1 + (h[2] % 254))];
        byte[] second = [172, (byte)(64 | (h[3] & 0x07)), h[4], (byte)(1 + (h[5] % 254))];
        if (family == AddressFamily.InterNetwork)
        {
            return [new IPAddress(first), new IPAddress(second)];
        }

        return [Embed(0x3030, first), Embed(0x3031, second)];

        static IPAddress Embed(int group, byte[] v4)
        {
            var v6 = new byte[16];
            (v6[0], v6[1], v6[2], v6[3], v6[4], v6[5]) = (0x26, 0x06, 0x47, 0x00, (byte)(group >> 8), (byte)group);
            v4.CopyTo(v6, 12);
            return new IPAddress(v6);
        }
    }

    /// <summary>The zone's two nameservers, <c>&lt;name&gt;.ns.cloudflare.com</c>, chosen by the zone id.</summary>
    public static IReadOnlyList<string> NameserverHosts(string zoneId)
    {
        var h = SHA256.HashData(Encoding.ASCII.GetBytes("ns:" + zoneId));
        var a = h[0] % NameserverNames.Length;
        var b = (a + 1 + (h[1] % (NameserverNames.Length - 1))) % NameserverNames.Length;
        return [NameserverNames[a] + ".ns.cloudflare.com", NameserverNames[b] + ".ns.cloudflare.com"];
    }

    /// <summary>The SOA's serial: deterministic per zone (a 10-digit number, as Cloudflare's are).</summary>
    public static uint Serial(string zoneId) => 2_000_000_000u + (BitConverter.ToUInt32(SHA256.HashData(Encoding.ASCII.GetBytes("soa:" + zoneId))) % 1_000_000_000u);

    private static DnsAnswerRecord Soa(DnsZone zone) => new(zone.Name, "SOA", SoaTtl,
        $"{NameserverHosts(zone.Id)[0]}. dns.cloudflare.com. {Serial(zone.Id)} 10000 2400 604800 1800");

    private static List<DnsAnswerRecord> Nameservers(DnsZone zone) =>
        NameserverHosts(zone.Id).Select(ns => new DnsAnswerRecord(zone.Name, "NS", NsTtl, ns + ".")).ToList();

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
