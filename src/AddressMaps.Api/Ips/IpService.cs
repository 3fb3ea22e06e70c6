using AddressMaps.Api.Maps;
using Microsoft.EntityFrameworkCore;

namespace AddressMaps.Api.Ips;

/// <summary>Adds and removes the IPs of a map: map exists (1000) → IP well-formed (1006) → map's
/// IPs modifiable (1005) → IP owned by the account (1007/1008), then one statement.</summary>
public sealed class IpService(MapAccess maps)
{
    public async Task AddAsync(string accountId, string mapId, string rawIp, CancellationToken ct) =>
        await maps.ChangeAsync(accountId, mapId, async (map, now) =>
        {
            var ip = IpAddresses.Parse(rawIp);
            IpRules.EnsureModifiable(map);
            IpRules.EnsureOwned(ip, await maps.LoadOwnershipAsync(accountId, ct), targetIsManagedMap: false);
            // Already there (earlier or concurrently): 200, nothing changes (created_at and
            // modified_at kept: the change reports nothing and is rolled back).
            return await maps.Db.Database.ExecuteSqlAsync($"""
                INSERT INTO address_map_ips (address_map_id, ip, created_at) VALUES ({mapId}, {ip}, {now})
                ON CONFLICT (address_map_id, ip) DO NOTHING
                """, ct) == 1;
        }, ct);

    public async Task RemoveAsync(string accountId, string mapId, string rawIp, CancellationToken ct) =>
        await maps.ChangeAsync(accountId, mapId, async (map, _) =>
        {
            var ip = IpAddresses.Parse(rawIp);
            IpRules.EnsureModifiable(map);
            var removed = await maps.Db.AddressMapIps.Where(i => i.AddressMapId == mapId && i.Ip == ip).ExecuteDeleteAsync(ct);
            return removed == 1 ? true : throw Errors.NotFound.With($"IP {IpAddresses.Canonical(ip)} is not on address map {mapId}");
        }, ct);
}
