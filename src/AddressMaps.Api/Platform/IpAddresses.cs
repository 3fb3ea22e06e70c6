using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.Platform;

/// <summary>Strict IP and CIDR text, as Cloudflare accepts it, and the canonical form answered.</summary>
public static partial class IpAddresses
{
    /// <summary>Parses an IPv4 or IPv6 literal strictly and returns it in canonical form.
    /// Rejects CIDRs, hostnames, scope ids, brackets, shortened or zero-padded IPv4 forms.</summary>
    public static IPAddress Parse(string? raw)
    {
        var text = raw ?? "";
        if (text.Length is 0 or > 45 || !TryParse(text, out var ip))
        {
            var hint = text.Contains('/', StringComparison.Ordinal) ? " (a CIDR is not an IP address)" : "";
            throw Errors.InvalidIp.With($"'{Text.Shorten(text)}' is not a valid IPv4 or IPv6 address{hint}");
        }

        return ip;
    }

    public static bool TryParse(string text, out IPAddress ip)
    {
        ip = IPAddress.None;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            if (!Ipv6Chars().IsMatch(text) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            ip = v6;
            return true;
        }

        return Ipv4Literal().IsMatch(text) && TryParseIpv4(text, out ip);
    }

    private static bool TryParseIpv4(string text, out IPAddress ip)
    {
        ip = IPAddress.None;
        var parts = text.Split('.');
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if ((parts[i].Length > 1 && parts[i][0] == '0') || !int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }

            bytes[i] = (byte)octet;
        }

        ip = new IPAddress(bytes);
        return true;
    }

    /// <summary>Canonical text: IPv4 dotted quad, IPv6 compressed lower case (RFC 5952).</summary>
    public static string Canonical(IPAddress ip) => ip.ToString().ToLowerInvariant();

    /// <summary>A CIDR whose host bits are zero (the list filter's <c>?cidr=</c>), else 1018.</summary>
    public static IPNetwork ParseCidrFilter(string cidr)
    {
        // IPNetwork.TryParse masks host bits away on .NET 10 (203.0.113.1/24 parses as
        // 203.0.113.0/24), so the base address is compared with the address given.
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && TryParse(cidr[..slash], out var address) && IPNetwork.TryParse(cidr, out var network)
            && network.BaseAddress.Equals(address))
        {
            return network;
        }

        throw Errors.InvalidIdentifier.With($"cidr '{Text.Shorten(cidr)}' is not a valid CIDR (for example 203.0.113.0/24; host bits must be zero)");
    }

    /// <summary>Same address family only: on .NET 10 IPNetwork.Contains counts an IPv4-mapped IPv6
    /// address (::ffff:203.0.113.9) as inside 203.0.113.0/24, while PostgreSQL and IPAddress.Equals
    /// treat it as another address.</summary>
    public static bool Contains(IPNetwork network, IPAddress ip) =>
        network.BaseAddress.AddressFamily == ip.AddressFamily && network.Contains(ip);

    [GeneratedRegex(@"^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$")]
    private static partial Regex Ipv4Literal();

    [GeneratedRegex(@"^[0-9A-Fa-f:.]+$")]
    private static partial Regex Ipv6Chars();
}
