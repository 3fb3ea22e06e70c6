using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace AddressMaps.Api.Dns;

/// <summary>What Cloudflare answers of its own, deterministic per zone: the default anycast
/// addresses, the apex nameservers and SOA (choices in docs/fidelity.md §16).</summary>
public static class CloudflareDns
{
    // Names Cloudflare gives its nameservers (first names); two per zone, chosen by the zone id.
    private static readonly string[] NameserverNames =
    [
        "ada", "alex", "bart", "cleo", "dana", "dave", "elle", "fred", "gina", "hugh", "ivan", "jade",
        "kim", "lara", "liz", "max", "nina", "otto", "pam", "rick", "sara", "tom", "uma", "walt",
    ];

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

    public static DnsAnswerRecord Soa(DnsZone zone) => new(zone.Name, "SOA", DnsResolution.SoaTtl,
        $"{NameserverHosts(zone.Id)[0]}. dns.cloudflare.com. {Serial(zone.Id)} 10000 2400 604800 1800");

    public static List<DnsAnswerRecord> Nameservers(DnsZone zone) =>
        NameserverHosts(zone.Id).Select(ns => new DnsAnswerRecord(zone.Name, "NS", DnsResolution.NsTtl, ns + ".")).ToList();
}
