using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Ips;

/// <summary>Which IPs may sit on which map (CONTRACT §5 rules 4, 5 and 6), as pure functions.</summary>
public static class IpRules
{
    /// <summary>Rules 4 and 5: the IP lies in an approved prefix of the account or in a CIDR
    /// delegated to it (CONTRACT §10.2), or is one of the account's static IPs; a static IP may only
    /// sit on the Cloudflare-managed map.</summary>
    public static void EnsureOwned(IPAddress ip, AccountFacts account, bool targetIsManagedMap)
    {
        if (account.StaticIps.Any(s => s.Equals(ip)))
        {
            if (!targetIsManagedMap)
            {
                throw Errors.StaticIpElsewhere.With($"{IpAddresses.Canonical(ip)} is a static IP of account {account.Id} and may only be on its Cloudflare-managed address map");
            }

            return;
        }

        if (!IsOwned(ip, account))
        {
            throw Errors.IpNotOwned.With($"{IpAddresses.Canonical(ip)} is not in an approved prefix of account {account.Id}, nor in a CIDR delegated to it, nor one of its static IPs");
        }
    }

    /// <summary>Rule 4 alone: in an approved prefix of the account or a CIDR delegated to it.</summary>
    public static bool IsOwned(IPAddress ip, AccountFacts account) =>
        account.ApprovedPrefixes.Any(p => IpAddresses.Contains(p, ip)) || (account.DelegatedCidrs ?? []).Any(d => IpAddresses.Contains(d, ip));

    /// <summary>The IPs of a create body, parsed and checked by rules 4 and 5, each once, in
    /// first-seen order (linear: a body may hold tens of thousands).</summary>
    public static IReadOnlyList<IPAddress> DistinctOwned(IEnumerable<string?> raw, AccountFacts account)
    {
        var seen = new HashSet<IPAddress>();
        var ips = new List<IPAddress>();
        foreach (var text in raw)
        {
            var ip = IpAddresses.Parse(text);
            if (seen.Add(ip))
            {
                EnsureOwned(ip, account, targetIsManagedMap: false);
                ips.Add(ip);
            }
        }

        return ips;
    }

    /// <summary>Rule 6: IPs may be added or removed only on maps with can_modify_ips.</summary>
    public static void EnsureModifiable(MapFacts map)
    {
        if (!map.CanModifyIps)
        {
            throw Errors.IpsNotModifiable.With($"the IPs of address map {map.Id} cannot be modified (can_modify_ips is false)");
        }
    }
}
