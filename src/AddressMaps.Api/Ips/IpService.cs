using AddressMaps.Api.Maps;

namespace AddressMaps.Api.Ips;

/// <summary>Adds and removes the IPs of a map: map exists (1000) → IP well-formed (1006) → map's
/// IPs modifiable (1005) → IP owned by the account (1007/1008), then one statement.</summary>
public sealed class IpService(MapAccess maps)
{
    public async Task AddAsync(string accountId, string mapId, string rawIp, CancellationToken ct) =>
        await maps.ChangeAsync(accountId, mapId, async (map, now, full) =>
        {
            var ip = IpAddresses.Parse(rawIp);
            IpRules.EnsureModifiable(map);
            IpRules.EnsureOwned(ip, await maps.LoadOwnershipAsync(accountId, ct), targetIsManagedMap: false);
            // Already there (earlier or concurrently): 200, nothing changes (created_at and
            // modified_at kept, no audit log entry: the change reports nothing and is rolled back).
            var added = await maps.Db.Database.ExecuteSqlAsync($"""
                INSERT INTO address_map_ips (address_map_id, ip, created_at) VALUES ({mapId}, {ip}, {now})
                ON CONFLICT (address_map_id, ip) DO NOTHING
                """, ct) == 1;
            full.Ips.Add(new AddressMapIp { AddressMapId = mapId, Ip = ip, CreatedAt = now, Id = long.MaxValue });
            return added;
        }, ct);

    public async Task RemoveAsync(string accountId, string mapId, string rawIp, CancellationToken ct) =>
        await maps.ChangeAsync(accountId, mapId, async (map, _, full) =>
        {
            var ip = IpAddresses.Parse(rawIp);
            IpRules.EnsureModifiable(map);
            var removed = await maps.Db.AddressMapIps.Where(i => i.AddressMapId == mapId && i.Ip == ip).ExecuteDeleteAsync(ct);
            full.Ips.RemoveAll(i => i.Ip.Equals(ip));
            return removed == 1 ? true : throw Errors.NotFound.With($"IP {IpAddresses.Canonical(ip)} is not on address map {mapId}");
        }, ct);
}
