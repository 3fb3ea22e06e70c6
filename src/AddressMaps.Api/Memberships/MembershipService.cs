using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Memberships;

/// <summary>Adds and removes a map's zone and account memberships. "A member is on at most one
/// map" is the unique index's to enforce; the rules explain a refusal.</summary>
public sealed class MembershipService(MapAccess maps)
{
    /// <summary>How often a write that lost a race to a member changing hands is tried again.</summary>
    public const int MaxRaceAttempts = 10;

    /// <summary>A 200 means the member is on this map when the answer is sent. The insert either
    /// goes in or finds the member taken (ON CONFLICT DO NOTHING waits for a concurrent insert of
    /// the same member to commit or roll back); a holder that let go of it between that and the
    /// look-up naming it is a race, and the insert is tried again.</summary>
    public async Task AddAsync(string accountId, string mapId, MembershipKind kind, string identifier, Func<string, bool> callerReaches, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= MaxRaceAttempts; attempt++)
        {
            var already = false;
            var added = await maps.ChangeAsync(accountId, mapId, async (_, now, full, _) =>
            {
                MembershipRules.EnsureAllowed(kind, identifier, await maps.LoadZonesAsync(accountId, ct), callerReaches);
                if (await ThrowIfMemberElsewhereAsync(maps.Db, kind, identifier, mapId, ct))
                {
                    already = true; // already a member of this map: 200, nothing changes
                    return null;
                }

                full.Memberships.Add(new AddressMapMembership { AddressMapId = mapId, Kind = kind, Identifier = identifier, CreatedAt = now, Id = long.MaxValue });
                return $"""
                    INSERT INTO address_map_memberships (address_map_id, kind, identifier, can_delete, created_at)
                    VALUES ({mapId}, {kind.Wire()}, {identifier}, TRUE, {now})
                    ON CONFLICT (kind, identifier) DO NOTHING
                    """;
            }, ct);
            if (added || already)
            {
                return;
            }
        }

        throw RaceLost(kind, identifier);
    }

    public async Task RemoveAsync(string accountId, string mapId, MembershipKind kind, string identifier, CancellationToken ct) =>
        await maps.ChangeAsync(accountId, mapId, async (_, _, full, _) =>
        {
            var membership = await maps.Db.AddressMapMemberships.AsNoTracking()
                .Where(m => m.AddressMapId == mapId && m.Kind == kind && m.Identifier == identifier)
                .Select(m => new MembershipFacts(m.Kind, m.Identifier, m.CanDelete))
                .SingleOrDefaultAsync(ct) ?? throw MembershipRules.NotMember(kind, identifier, mapId);
            MembershipRules.EnsureDeletable(membership, mapId);
            full.Memberships.RemoveAll(m => m.Kind == kind && m.Identifier == identifier);
            return (FormattableString)$"DELETE FROM address_map_memberships WHERE address_map_id = {mapId} AND kind = {kind.Wire()} AND identifier = {identifier}";
        }, ct);

    /// <summary>True when the member already sits on <paramref name="mapId"/>; throws the rule's
    /// error when it sits on another map; false when it is on none.</summary>
    public static async Task<bool> ThrowIfMemberElsewhereAsync(AddressMapsDbContext db, MembershipKind kind, string identifier, string mapId, CancellationToken ct)
    {
        var holder = await db.AddressMapMemberships.AsNoTracking()
            .Where(m => m.Kind == kind && m.Identifier == identifier)
            .Select(m => m.AddressMapId)
            .SingleOrDefaultAsync(ct);
        return holder is null ? false
            : holder == mapId ? true
            : throw MembershipRules.AlreadyMemberElsewhere(kind, identifier);
    }

    public static ApiException RaceLost(MembershipKind kind, string identifier) =>
        Errors.ServiceUnavailable.With($"the {kind.Wire()} {identifier} changed maps {MaxRaceAttempts} times during this request; try again");
}
