using AddressMaps.Api.Maps;

namespace AddressMaps.Api.OpenApi;

/// <summary>What the demo account holds when the document is asked for, so that the examples
/// work as they stand: the newest map (its id for every <c>address_map_id</c>, its answer as the
/// success example), the demo zones on no map yet, and the members and IPs of that map.</summary>
public sealed record DemoState(AddressMap? NewestMap, IReadOnlyList<(string Id, string Name)> FreeZones, bool AccountIsMember)
{
    public static readonly DemoState Empty = new(null, [], false);

    /// <summary>The demo account's newest prefix delegation (its id and parent prefix), if any.</summary>
    public (string Id, string PrefixId)? NewestDelegation { get; init; }

    public string? NewestMapId => NewestMap?.Id;

    public string? ZoneOnNewestMap => NewestMap?.Memberships.FirstOrDefault(m => m.Kind == MembershipKind.Zone && m.CanDelete)?.Identifier;

    public string? IpOnNewestMap => NewestMap?.Ips.OrderBy(i => i.Id).Select(i => Platform.IpAddresses.Canonical(i.Ip)).FirstOrDefault();

    /// <summary>Reads it; a database that does not answer gives <see cref="Empty"/> (the document
    /// is still served, with fewer examples).</summary>
    public static async Task<DemoState> ReadAsync(AddressMapsDbContext db, DemoValues demo, CancellationToken ct)
    {
        try
        {
            var newest = await db.AddressMaps.AsNoTracking().Include(m => m.Ips).Include(m => m.Memberships)
                .Where(m => m.AccountId == demo.AccountId && m.CanDelete)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
            var members = await db.AddressMapMemberships.AsNoTracking().Select(m => new { m.Kind, m.Identifier }).Distinct().ToListAsync(ct);
            var zones = await db.Zones.AsNoTracking().Where(z => z.AccountId == demo.AccountId).OrderBy(z => z.Name).Select(z => new { z.Id, z.Name }).ToListAsync(ct);
            var taken = members.Where(m => m.Kind == MembershipKind.Zone).Select(m => m.Identifier).ToHashSet();
            // Cloudflare's set-up page names example.com: first when free, then the others by name.
            var free = zones.Where(z => !taken.Contains(z.Id)).OrderBy(z => z.Id != demo.ZoneForCreate).Select(z => (z.Id, z.Name)).ToList();
            var accountIsMember = members.Any(m => m.Kind == MembershipKind.Account && m.Identifier == demo.AccountId);
            var delegation = await db.PrefixDelegations.AsNoTracking().Where(d => d.AccountId == demo.AccountId)
                .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Select(d => new { d.Id, d.PrefixId }).FirstOrDefaultAsync(ct);
            return new DemoState(newest, free, accountIsMember) { NewestDelegation = delegation is null ? null : (delegation.Id, delegation.PrefixId) };
        }
        catch (Exception e) when (Platform.DatabaseOutage.IsOutage(e))
        {
            return Empty;
        }
    }
}
