using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Memberships;

/// <summary>Who may be a member of which map, and which map wins (CONTRACT §5 rules 1, 2 and 8),
/// as pure functions over plain data.</summary>
public static class MembershipRules
{
    /// <summary>Rule 8 and CONTRACT §10.1: a zone membership names a zone of the account; an account
    /// membership names the owning account, or another account that the caller's credential also
    /// reaches (<paramref name="callerReaches"/>: Address Maps Write there), so no tenant changes
    /// another's DNS without access to it.</summary>
    public static void EnsureAllowed(MembershipKind kind, string identifier, AccountFacts account, Func<string, bool> callerReaches)
    {
        if (kind == MembershipKind.Zone && !account.Zones.Any(z => z.Id == identifier))
        {
            throw Errors.ZoneNotInAccount.With($"zone {identifier} is not a zone of account {account.Id}");
        }

        if (kind == MembershipKind.Account && identifier != account.Id && !callerReaches(identifier))
        {
            throw Errors.AccountNotOwner.With($"account {identifier} cannot be a member of an address map of account {account.Id}: it is not the owner, and the credential has no Address Maps Write on it");
        }
    }

    public static void EnsureDeletable(MembershipFacts membership, string mapId)
    {
        if (!membership.CanDelete)
        {
            throw Errors.MembershipNotDeletable.With($"the {membership.Kind.Wire()} membership {membership.Identifier} of address map {mapId} cannot be removed (can_delete is false)");
        }
    }

    /// <summary>A member is on at most one map: the refusal when it is on another. It names the
    /// member, not the other map, which may belong to another account.</summary>
    public static ApiException AlreadyMemberElsewhere(MembershipKind kind, string identifier) => kind == MembershipKind.Zone
        ? Errors.ZoneAlreadyMember.With($"zone {identifier} is already a member of another address map")
        : Errors.AccountAlreadyMember.With($"account {identifier} is already a member of another address map");

    public static ApiException NotMember(MembershipKind kind, string identifier, string mapId) =>
        Errors.NotFound.With($"{kind.Wire()} {identifier} is not a member of address map {mapId}");

    /// <summary>Rules 1 and 2: which map DNS uses for a zone. A zone membership on an enabled map
    /// wins; otherwise an enabled map with the zone's account as member; otherwise none.
    /// Disabled maps do nothing.</summary>
    public static MapFacts? EffectiveMapForZone(string zoneId, string accountId, IEnumerable<MapFacts> maps)
    {
        var enabled = maps.Where(m => m.Enabled).ToList();
        return enabled.FirstOrDefault(m => m.Memberships.Any(ms => ms.Kind == MembershipKind.Zone && ms.Identifier == zoneId))
            ?? enabled.FirstOrDefault(m => m.Memberships.Any(ms => ms.Kind == MembershipKind.Account && ms.Identifier == accountId));
    }
}
