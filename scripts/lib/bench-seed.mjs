// Writes the benchmark's seed document (scripts/bench) to stdout, and its identities to the file
// named by the last argument as shell assignments.
//
//   node scripts/lib/bench-seed.mjs ACCOUNTS MAPS_PER_ACCOUNT IPS_PER_MAP IDENTITIES_FILE [FIRST_MAPS FIRST_IPS]
//
// FIRST_MAPS and FIRST_IPS, when given, replace MAPS_PER_ACCOUNT and IPS_PER_MAP for the first
// account (the scale mode's account with 100,000 IPs).
// Every account has the address-maps add-on, one prefix (IPv6 /48, room for any number of IPs),
// one zone per map, and its maps in the state-document format (`maps`), each with IPS_PER_MAP IPs
// and a zone membership. The first account is the one measured: a token with Address Maps Write
// and a user with a global key reach it. Ids are derived from counters, so a run is reproducible.
// Node built-ins only.
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const [accounts, mapsPerAccount, ipsPerMap] = process.argv.slice(2, 5).map(Number);
const identitiesFile = process.argv[5];
const [firstMaps, firstIps] = process.argv.length > 7 ? process.argv.slice(6, 8).map(Number) : [mapsPerAccount, ipsPerMap];
if (![accounts, mapsPerAccount, ipsPerMap, firstMaps, firstIps].every((n) => Number.isInteger(n) && n >= 1) || !identitiesFile) {
  console.error('usage: bench-seed.mjs ACCOUNTS MAPS_PER_ACCOUNT IPS_PER_MAP IDENTITIES_FILE');
  process.exit(2);
}

const id = (kind, ...n) => createHash('sha256').update(`${kind}:${n.join(':')}`).digest('hex').slice(0, 32);
const created = '2026-01-01T00:00:00Z';
const token = 'benchBENCHbenchBENCHbenchBENCHbenchBENCH';
const key = id('key', 0).slice(0, 32) + 'abcde';
const email = 'bench@example.com';

// The account's /48 is 2001:db8:AAAA::/48 (AAAA = the account's number, from 1); IP j of map i is
// 2001:db8:AAAA:I::J, with I and J in hex. (Up to 65,535 accounts and maps per account.)
const hex = (n) => n.toString(16);
const out = process.stdout;
out.write('{"accounts":[');
for (let a = 1; a <= accounts; a++) {
  const accountId = id('account', a);
  const zones = [];
  const maps = [];
  const [mapCount, ipCount] = a === 1 ? [firstMaps, firstIps] : [mapsPerAccount, ipsPerMap];
  for (let m = 1; m <= mapCount; m++) {
    const zoneId = id('zone', a, m);
    zones.push({ id: zoneId, name: `m${m}.a${a}.bench.example` });
    const ips = [];
    for (let j = 1; j <= ipCount; j++) ips.push({ ip: `2001:db8:${hex(a)}:${hex(m)}::${hex(j)}`, created_at: created });
    maps.push({
      id: id('map', a, m), description: `bench ${a}/${m}`, default_sni: null, enabled: true, can_delete: true, can_modify_ips: true,
      created_at: created, modified_at: created, ips,
      memberships: [{ kind: 'zone', identifier: zoneId, can_delete: true, created_at: created }],
    });
  }
  const account = {
    id: accountId, name: a === 1 ? 'Bench' : `Bench ${a}`, address_maps_enabled: true, zones,
    prefixes: [{ id: id('prefix', a), cidr: `2001:db8:${hex(a)}::/48`, approved: true, description: 'bench prefix', asn: 64512, created_at: created }],
    maps,
  };
  out.write((a > 1 ? ',' : '') + JSON.stringify(account));
}
const bench = id('account', 1);
out.write('],"users":' + JSON.stringify([{ id: id('user', 1), email, global_key: key, accounts: [bench] }]));
out.write(',"tokens":' + JSON.stringify([{ id: id('token', 1), name: 'Bench', value: token, policies: [{ account: bench, permission_groups: ['Address Maps Write'] }] }]));
out.write('}\n');

writeFileSync(identitiesFile, [
  `account='${bench}'`, `token='${token}'`, `email='${email}'`, `key='${key}'`,
  `map_id='${id('map', 1, 1)}'`, `bench_maps=${firstMaps}`, `bench_ips_per_map=${firstIps}`,
  `ip_prefix='2001:db8:1'`,
].join('\n') + '\n');
