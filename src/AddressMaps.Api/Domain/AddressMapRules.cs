using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AddressMaps.Api.Domain;

/// <summary>A map as the rules see it: plain data, no EF, no ASP.NET.</summary>
public sealed record MapFacts(string Id, bool Enabled, bool CanDelete, bool CanModifyIps, IReadOnlyList<MembershipFacts> Memberships);

public sealed record MembershipFacts(string Kind, string Identifier, bool CanDelete);

/// <summary>What the account owns, as far as addressing is concerned.</summary>
public sealed record AccountFacts(string Id, IReadOnlyList<IPNetwork> ApprovedPrefixes, IReadOnlyList<IPAddress> StaticIps, IReadOnlyList<(string Id, string Name)> Zones);

/// <summary>Cloudflare's Address Maps rules (CONTRACT §5) as pure functions. Each either returns
/// normally or throws the rule's <see cref="ApiException"/>; none touches a database.</summary>
public static partial class AddressMapRules
{
    public const string ZoneKind = "zone";
    public const string AccountKind = "account";

    /// <summary>Parses an IPv4 or IPv6 literal strictly and returns it in canonical form.
    /// Rejects CIDRs, hostnames, scope ids, brackets, shortened or zero-padded IPv4 forms.</summary>
    public static IPAddress ParseIp(string? raw)
    {
        var text = raw ?? "";
        if (text.Length is 0 or > 45 || !TryParseIp(text, out var ip))
        {
            var hint = text.Contains('/', StringComparison.Ordinal) ? " (a CIDR is not an IP address)" : "";
            throw Errors.InvalidIp.With($"'{Shorten(text)}' is not a valid IPv4 or IPv6 address{hint}");
        }

        return ip;
    }

    public static bool TryParseIp(string text, out IPAddress ip)
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

        if (!Ipv4Literal().IsMatch(text))
        {
            return false;
        }

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

    /// <summary>Rule 4 and 5: the IP lies in an approved prefix of the account, or is one of the
    /// account's static IPs; a static IP may only sit on the Cloudflare-managed map.</summary>
    public static void EnsureIpOwned(IPAddress ip, AccountFacts account, bool targetIsManagedMap)
    {
        var isStatic = account.StaticIps.Any(s => s.Equals(ip));
        if (isStatic)
        {
            if (!targetIsManagedMap)
            {
                throw Errors.StaticIpElsewhere.With($"IP {Canonical(ip)} is a static IP of the account and may only be on its Cloudflare-managed address map");
            }

            return;
        }

        // Same address family only: on .NET 10 IPNetwork.Contains counts an IPv4-mapped IPv6
        // address (::ffff:203.0.113.9) as inside 203.0.113.0/24, while PostgreSQL (the ?cidr=
        // filter) and IPAddress.Equals (?ip=, static IPs, duplicates) treat it as another address.
        if (!account.ApprovedPrefixes.Any(p => p.BaseAddress.AddressFamily == ip.AddressFamily && p.Contains(ip)))
        {
            throw Errors.IpNotOwned.With($"IP {Canonical(ip)} is not within an approved BYOIP prefix of account {account.Id}");
        }
    }

    /// <summary>The IPs of a create body, parsed and checked by rules 4 and 5, each once, in
    /// first-seen order (linear: a body may hold tens of thousands).</summary>
    public static IReadOnlyList<IPAddress> DistinctOwnedIps(IEnumerable<string?> raw, AccountFacts account)
    {
        var seen = new HashSet<IPAddress>();
        var ips = new List<IPAddress>();
        foreach (var text in raw)
        {
            var ip = ParseIp(text);
            if (seen.Add(ip))
            {
                EnsureIpOwned(ip, account, targetIsManagedMap: false);
                ips.Add(ip);
            }
        }

        return ips;
    }

    /// <summary>PostgreSQL text cannot hold U+0000, so a string field with one is refused by name
    /// rather than failing in the database (docs/fidelity.md).</summary>
    public static void EnsureStorableText(string field, string? value)
    {
        if (value is not null && value.Contains('\0', StringComparison.Ordinal))
        {
            throw Errors.InvalidField.With($"Invalid value for field '{field}': it contains U+0000 (NUL), which PostgreSQL text cannot store");
        }
    }

    /// <summary>Rule: IPs may be added or removed only on maps with can_modify_ips.</summary>
    public static void EnsureIpsModifiable(MapFacts map)
    {
        if (!map.CanModifyIps)
        {
            throw Errors.IpsNotModifiable.With($"The IPs of address map {map.Id} cannot be modified (can_modify_ips is false)");
        }
    }

    /// <summary>Rule 3: delete only a disabled map with can_delete.</summary>
    public static void EnsureDeletable(MapFacts map)
    {
        if (!map.CanDelete)
        {
            throw Errors.MapNotDeletable.With($"Address map {map.Id} is managed by Cloudflare and cannot be deleted (can_delete is false)");
        }

        if (map.Enabled)
        {
            throw Errors.MapEnabled.With($"Address map {map.Id} is enabled; disable it (enabled: false) before deleting it");
        }
    }

    /// <summary>Rule 8: a zone membership names a zone of the account; returns the zone's id.</summary>
    public static void EnsureZoneOfAccount(string zoneId, AccountFacts account)
    {
        if (!account.Zones.Any(z => z.Id == zoneId))
        {
            throw Errors.ZoneNotInAccount.With($"Zone {zoneId} is not a zone of account {account.Id}");
        }
    }

    /// <summary>Rule 8: an account membership names the owning account itself.</summary>
    public static void EnsureAccountIsOwner(string memberAccountId, string ownerAccountId)
    {
        if (memberAccountId != ownerAccountId)
        {
            throw Errors.AccountNotOwner.With($"Account {memberAccountId} cannot be a member of an address map of account {ownerAccountId}; only the owning account can");
        }
    }

    public static void EnsureMembershipDeletable(MembershipFacts membership, string mapId)
    {
        if (!membership.CanDelete)
        {
            throw Errors.MembershipNotDeletable.With($"The {membership.Kind} membership {membership.Identifier} of address map {mapId} cannot be removed (can_delete is false)");
        }
    }

    /// <summary>Rule 7: default SNI is a valid hostname (a leading '*.' allowed), equal to or under
    /// one of the account's zone names. Returns the normalised (lower-case) value.</summary>
    public static string? NormalizeDefaultSni(string? sni, AccountFacts account)
    {
        if (sni is null)
        {
            return null;
        }

        var host = sni.ToLowerInvariant();
        if (!IsValidSniHost(host))
        {
            throw Errors.InvalidDefaultSni.With($"default_sni '{Shorten(sni)}' is not a valid hostname");
        }

        var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        var owned = account.Zones.Any(z => bare == z.Name || bare.EndsWith("." + z.Name, StringComparison.Ordinal));
        if (!owned)
        {
            throw Errors.DefaultSniNotOwned.With($"default_sni '{sni}' is not a zone of account {account.Id} nor a subdomain of one");
        }

        return host;
    }

    public static bool IsValidSniHost(string host)
    {
        var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
        if (bare.Length is 0 or > 253 || !bare.Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        return bare.Split('.').All(label => HostLabel().IsMatch(label));
    }

    /// <summary>Rules 1 and 2: which map DNS uses for a zone. A zone membership on an enabled map
    /// wins; otherwise an enabled map with the zone's account as member; otherwise none.
    /// Disabled maps do nothing.</summary>
    public static MapFacts? EffectiveMapForZone(string zoneId, string accountId, IEnumerable<MapFacts> maps)
    {
        var enabled = maps.Where(m => m.Enabled).ToList();
        return enabled.FirstOrDefault(m => m.Memberships.Any(ms => ms.Kind == ZoneKind && ms.Identifier == zoneId))
            ?? enabled.FirstOrDefault(m => m.Memberships.Any(ms => ms.Kind == AccountKind && ms.Identifier == accountId));
    }

    /// <summary>RFC 3339 UTC with fractional seconds, trailing zeros trimmed (CONTRACT §1).</summary>
    public static string FormatTimestamp(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>PostgreSQL keeps microseconds; truncating first makes what we answer equal what we read back.</summary>
    public static DateTime TruncateToMicroseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private static string Shorten(string s) => s.Length <= 100 ? s : s[..100] + "…";

    [GeneratedRegex(@"^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$")]
    private static partial Regex Ipv4Literal();

    [GeneratedRegex(@"^[0-9A-Fa-f:.]+$")]
    private static partial Regex Ipv6Chars();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostLabel();
}
