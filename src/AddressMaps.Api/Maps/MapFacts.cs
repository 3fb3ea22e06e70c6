namespace AddressMaps.Api.Maps;

/// <summary>A map as the rules see it: plain data, no EF, no ASP.NET.</summary>
public sealed record MapFacts(string Id, bool Enabled, bool CanDelete, bool CanModifyIps, IReadOnlyList<MembershipFacts> Memberships);

public sealed record MembershipFacts(MembershipKind Kind, string Identifier, bool CanDelete);

/// <summary>What the account owns, as far as addressing is concerned: its approved prefixes, the
/// CIDRs delegated to it from approved prefixes of other accounts (CONTRACT §10.2), its static IPs.</summary>
public sealed record AccountFacts(
    string Id,
    IReadOnlyList<IPNetwork> ApprovedPrefixes,
    IReadOnlyList<IPAddress> StaticIps,
    IReadOnlyList<(string Id, string Name)> Zones,
    IReadOnlyList<IPNetwork>? DelegatedCidrs = null);
