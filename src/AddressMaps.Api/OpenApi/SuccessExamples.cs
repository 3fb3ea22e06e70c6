using AddressMaps.Api.Maps;

namespace AddressMaps.Api.OpenApi;

/// <summary>The success envelopes of the map operations, written by the same mapping as the real
/// answers: the demo account's newest map, or (before there is one) the map the pre-filled create
/// would make.</summary>
public static class SuccessExamples
{
    /// <summary>The id shown before the demo account has a map (any 32 lowercase hex id).</summary>
    public const string IllustrativeMapId = "9a7806061c88ada191ed06f989cc3dac";

    public static object? For(string operationId, DemoState state, DemoValues? demo)
    {
        var map = state.NewestMap ?? WouldCreate(state, demo);
        return operationId switch
        {
            RequestExamples.CreateMap or "ip-address-management-address-maps-address-map-details" => Envelope<AddressMapDetails>.Ok(map.ToDetails()),
            RequestExamples.UpdateMap => Envelope<AddressMapSummary>.Ok(map.ToSummary()),
            "ip-address-management-address-maps-list-address-maps" =>
                Envelope<IReadOnlyList<AddressMapSummary>>.Ok(state.NewestMap is null ? [] : [state.NewestMap.ToSummary()]),
            "ip-address-management-address-maps-delete-address-map" or RequestExamples.AddIp or RequestExamples.RemoveIp
                or RequestExamples.AddZone or RequestExamples.RemoveZone
                or "ip-address-management-address-maps-add-an-account-membership-to-an-address-map"
                or "ip-address-management-address-maps-remove-an-account-membership-from-an-address-map" => Envelope<object>.Ok(null),
            _ => null,
        };
    }

    private static AddressMap WouldCreate(DemoState state, DemoValues? demo)
    {
        var at = new DateTime(2025, 1, 15, 10, 0, 0, DateTimeKind.Utc);
        var map = new AddressMap
        {
            Id = IllustrativeMapId,
            AccountId = demo?.AccountId ?? FailureExamples.ExampleId,
            Description = "My Ecommerce zones",
            Enabled = true,
            CreatedAt = at,
            ModifiedAt = at,
            Ips = new[] { "203.0.113.1", "203.0.113.2" }.Select((ip, i) => new AddressMapIp { Id = i, AddressMapId = IllustrativeMapId, Ip = IPAddress.Parse(ip), CreatedAt = at }).ToList(),
        };
        if (state.FreeZones.Count > 0)
        {
            map.Memberships.Add(new AddressMapMembership { AddressMapId = map.Id, Kind = MembershipKind.Zone, Identifier = state.FreeZones[0].Id, CreatedAt = at });
        }

        return map;
    }
}
