namespace AddressMaps.Api.Maps;

/// <summary>Entity → wire, by hand, so that no entity reaches the wire.</summary>
public static class Mapping
{
    public static AddressMapSummary ToSummary(this AddressMap m) => new(
        m.CanDelete, m.CanModifyIps, Ts(m.CreatedAt), m.DefaultSni, m.Description, m.Enabled, m.Id, Ts(m.ModifiedAt));

    public static AddressMapDetails ToDetails(this AddressMap m) => new(
        m.CanDelete, m.CanModifyIps, Ts(m.CreatedAt), m.DefaultSni, m.Description, m.Enabled, m.Id,
        m.Ips.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => new AddressMapIpResponse(Ts(i.CreatedAt), IpAddresses.Canonical(i.Ip))).ToList(),
        m.Memberships.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Select(x => new MembershipResponse(x.CanDelete, Ts(x.CreatedAt), x.Identifier, x.Kind.Wire())).ToList(),
        Ts(m.ModifiedAt));

    private static string Ts(DateTime t) => Text.Timestamp(t);
}
