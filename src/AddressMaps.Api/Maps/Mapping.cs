using System.Linq.Expressions;

namespace AddressMaps.Api.Maps;

/// <summary>Entity → wire, by hand, so that no entity reaches the wire.</summary>
public static class Mapping
{
    /// <summary>The summary object of a map, as an expression: the list projects its rows into it
    /// in the query (no entity per row; issue 13), and <see cref="ToSummary"/> applies it to a map
    /// in memory.</summary>
    public static readonly Expression<Func<AddressMap, AddressMapSummary>> Summary = m => new AddressMapSummary(
        m.CanDelete, m.CanModifyIps, Text.Timestamp(m.CreatedAt), m.DefaultSni, m.Description, m.Enabled, m.Id, Text.Timestamp(m.ModifiedAt));

    private static readonly Func<AddressMap, AddressMapSummary> SummaryOf = Summary.Compile();

    public static AddressMapSummary ToSummary(this AddressMap m) => SummaryOf(m);

    public static AddressMapDetails ToDetails(this AddressMap m) => new(
        m.CanDelete, m.CanModifyIps, Ts(m.CreatedAt), m.DefaultSni, m.Description, m.Enabled, m.Id,
        m.Ips.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => new AddressMapIpResponse(Ts(i.CreatedAt), IpAddresses.Canonical(i.Ip))).ToList(),
        m.Memberships.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Select(x => new MembershipResponse(x.CanDelete, Ts(x.CreatedAt), x.Identifier, x.Kind.Wire())).ToList(),
        Ts(m.ModifiedAt));

    private static string Ts(DateTime t) => Text.Timestamp(t);
}
