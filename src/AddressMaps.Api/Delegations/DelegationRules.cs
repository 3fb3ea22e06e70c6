namespace AddressMaps.Api.Delegations;

/// <summary>A delegation as the rules see it: plain data.</summary>
public sealed record DelegationFacts(string Id, IPNetwork Cidr, string DelegatedAccountId);

/// <summary>The rules of prefix delegations (CONTRACT §10.2) as pure functions: each returns
/// normally (or the checked value) or throws the rule's <see cref="ApiException"/>, naming the value.</summary>
public static class DelegationRules
{
    /// <summary>The delegated CIDR: a CIDR with its host bits zero (1020), of the parent's family
    /// and inside it (1021), overlapping no other delegation of the prefix (1022).</summary>
    public static IPNetwork CheckCidr(string? raw, Prefix parent, IEnumerable<DelegationFacts> existing)
    {
        if (string.IsNullOrEmpty(raw))
        {
            throw Errors.InvalidNetworkCidr.With("cidr is required (for example 203.0.113.128/25)");
        }

        var cidr = ParseCidr(raw);
        if (cidr.BaseAddress.AddressFamily != parent.Cidr.BaseAddress.AddressFamily
            || cidr.PrefixLength < parent.Cidr.PrefixLength || !parent.Cidr.Contains(cidr.BaseAddress))
        {
            throw Errors.CidrOutsidePrefix.With($"cidr {cidr} does not lie inside prefix {parent.Id} ({parent.Cidr})");
        }

        var overlap = existing.FirstOrDefault(d => Overlap(d.Cidr, cidr));
        return overlap is null ? cidr
            : throw Errors.DelegationOverlaps.With($"cidr {cidr} overlaps delegation {overlap.Id} ({overlap.Cidr}, to account {overlap.DelegatedAccountId}) of prefix {parent.Id}");
    }

    /// <summary>The delegate: 32 hex, an existing account, not the owner (1023, 1024).</summary>
    public static string CheckDelegate(string? delegatedAccountId, string ownerId, Func<string, bool> accountExists)
    {
        if (!Identifiers.IsCloudflareId(delegatedAccountId))
        {
            throw Errors.DelegateUnknown.With(delegatedAccountId is null
                ? "delegated_account_id is required"
                : $"delegated_account_id '{Text.Shorten(delegatedAccountId)}' is not an account id (32 lowercase hex)");
        }

        if (delegatedAccountId == ownerId)
        {
            throw Errors.DelegateIsOwner.With($"delegated_account_id {delegatedAccountId} is the prefix's own account; delegate to another account");
        }

        return accountExists(delegatedAccountId!) ? delegatedAccountId!
            : throw Errors.DelegateUnknown.With($"delegated_account_id {delegatedAccountId} is not an account");
    }

    /// <summary>Only an approved prefix may be delegated (Cloudflare's prefix_not_valid_and_approved).</summary>
    public static void EnsureApproved(Prefix parent)
    {
        if (!parent.Approved)
        {
            throw Errors.PrefixNotApproved.With($"prefix {parent.Id} ({parent.Cidr}) is not validated and approved, so no part of it can be delegated");
        }
    }

    /// <summary>A delegation may go only when none of its IPs sits on a map of the delegate that
    /// would then not own it (<paramref name="stranded"/>: those IPs with their maps).</summary>
    public static void EnsureDeletable(DelegationFacts delegation, IReadOnlyList<(string MapId, IPAddress Ip)> stranded)
    {
        if (stranded.Count > 0)
        {
            var (mapId, ip) = stranded[0];
            throw Errors.DelegationInUse.With(
                $"delegation {delegation.Id} ({delegation.Cidr}) is in use: {IpAddresses.Canonical(ip)} is on address map {mapId} of account {delegation.DelegatedAccountId}"
                + (stranded.Count > 1 ? $" (and {stranded.Count - 1} more)" : "") + "; remove those IPs first");
        }
    }

    private static IPNetwork ParseCidr(string raw)
    {
        var slash = raw.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IpAddresses.TryParse(raw[..slash], out var address) && IPNetwork.TryParse(raw, out var network)
            && network.BaseAddress.Equals(address))
        {
            return network;
        }

        throw Errors.InvalidNetworkCidr.With($"cidr '{Text.Shorten(raw)}' is not a CIDR with its host bits zero (for example 203.0.113.128/25)");
    }

    private static bool Overlap(IPNetwork a, IPNetwork b) =>
        a.BaseAddress.AddressFamily == b.BaseAddress.AddressFamily && (a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress));
}
