using AddressMaps.Api.Data;
using AddressMaps.Api.Domain;

namespace AddressMaps.Api.Contracts;

/// <summary>Entity → wire, by hand, so that no entity reaches the wire.</summary>
public static class Mapping
{
    public static AddressMapSummary ToSummary(this AddressMap m) => new(
        m.CanDelete, m.CanModifyIps, Ts(m.CreatedAt), m.DefaultSni, m.Description, m.Enabled, m.Id, Ts(m.ModifiedAt));

    public static AddressMapDetails ToDetails(this AddressMap m) => new(
        m.CanDelete, m.CanModifyIps, Ts(m.CreatedAt), m.DefaultSni, m.Description, m.Enabled, m.Id,
        m.Ips.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).Select(i => new AddressMapIpResponse(Ts(i.CreatedAt), AddressMapRules.Canonical(i.Ip))).ToList(),
        m.Memberships.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Select(x => new MembershipResponse(x.CanDelete, Ts(x.CreatedAt), x.Identifier, x.Kind)).ToList(),
        Ts(m.ModifiedAt));

    public static PrefixResponse ToResponse(this Prefix p) => new(
        p.AccountId, p.Advertised, p.AdvertisedModifiedAt is { } a ? Ts(a) : null, p.Approved ? "V" : "P", p.Asn,
        p.Cidr.ToString(), Ts(p.CreatedAt), p.DelegateLoaCreation, p.Description, p.Id, p.IrrValidationState,
        p.LoaDocumentId, Ts(p.ModifiedAt), p.OnDemandEnabled, p.OnDemandLocked, p.OwnershipValidationState,
        p.OwnershipValidationToken, p.RpkiValidationState);

    private static string Ts(DateTime t) => AddressMapRules.FormatTimestamp(t);
}
