using AddressMaps.Api.Maps;
using AddressMaps.Api.Memberships;

namespace AddressMaps.Api.Emulator;

/// <summary>Which enabled map DNS would use for a zone (membership priority, rules 1 and 2).</summary>
public sealed class EffectiveMapService(AddressMapsDbContext db)
{
    /// <summary>One query loads the only candidates (enabled maps naming the zone or the account,
    /// whoever owns them: an account membership may name another account, CONTRACT §10.1), with their IPs and memberships; the pure rule picks among them.</summary>
    public async Task<AddressMap?> ForZoneAsync(string accountId, string zoneId, CancellationToken ct)
    {
        if (!await db.Zones.AnyAsync(z => z.Id == zoneId && z.AccountId == accountId, ct))
        {
            throw ZoneNotFound(zoneId, accountId);
        }

        var candidates = await db.AddressMaps.AsNoTracking()
            .Where(m => m.Enabled && m.Memberships.Any(ms =>
                (ms.Kind == MembershipKind.Zone && ms.Identifier == zoneId) || (ms.Kind == MembershipKind.Account && ms.Identifier == accountId)))
            .Include(m => m.Ips.OrderBy(i => i.Id))
            .Include(m => m.Memberships.OrderBy(ms => ms.Id))
            .AsSplitQuery()
            .ToListAsync(ct);
        var chosen = MembershipRules.EffectiveMapForZone(zoneId, accountId, candidates.Select(ToFacts));
        return candidates.FirstOrDefault(m => m.Id == chosen?.Id);
    }

    private static MapFacts ToFacts(AddressMap m) =>
        new(m.Id, m.Enabled, m.CanDelete, m.CanModifyIps, m.Memberships.Select(x => new MembershipFacts(x.Kind, x.Identifier, x.CanDelete)).ToList());

    public static ApiException ZoneNotFound(string zoneId, string accountId) => Errors.NotFound.With($"zone {zoneId} does not exist in account {accountId}");
}
