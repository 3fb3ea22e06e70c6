// Credentials, permissions and entitlement, surfacing as the SDK's error classes with the
// Cloudflare code in the body. Cloudflare answers auth failures with 400/403, never 401, so
// AuthenticationError (the SDK's 401 class) must never appear here. Most tests are about the demo
// seed's identities and run on its accounts; maps they make there hold no zone or account
// membership, so parallel runs and leftovers of an interrupted run cannot collide.
import {
  test, DEMO, OTHER, NO_ADDON, DEMO_ZONE, CREDS, ACCOUNT, RUN_CREDS, assert, Cloudflare, tokenClient, keyClient, anonymousClient,
  expectApiError, businessCode, randomHex32, removeMap, zones,
} from '../lib.mjs';

const { PermissionDeniedError, BadRequestError, AuthenticationError } = Cloudflare;

const notAuthenticationError = (err) =>
  assert.ok(!(err instanceof AuthenticationError), 'Cloudflare never answers 401 here');

/** Every address-map operation of the SDK, against `account` and `mapId` (`zone` for the zone
 * membership calls). */
function allOperations(client, account, mapId, zone = DEMO_ZONE) {
  const am = client.addressing.addressMaps;
  return {
    list: () => am.list({ account_id: account }),
    create: () => am.create({ account_id: account, description: 'must not be created', ips: ['203.0.113.50'] }),
    get: () => am.get(mapId, { account_id: account }),
    edit: () => am.edit(mapId, { account_id: account, description: 'must not change' }),
    delete: () => am.delete(mapId, { account_id: account }),
    'ips.update': () => am.ips.update('203.0.113.51', { account_id: account, address_map_id: mapId }),
    'ips.delete': () => am.ips.delete('203.0.113.50', { account_id: account, address_map_id: mapId }),
    'zones.update': () => zones(client).update(mapId, { account_id: account, zone_id: zone }),
    'zones.delete': () => zones(client).delete(mapId, { account_id: account, zone_id: zone }),
    'accounts.update': () => am.accounts.update(account, { account_id: account, address_map_id: mapId }),
    'accounts.delete': () => am.accounts.delete(account, { account_id: account, address_map_id: mapId }),
  };
}

async function expectOn(ops, names, ErrorClass, status, code) {
  for (const name of names) {
    try {
      const err = await expectApiError(ops[name], ErrorClass, status, code);
      notAuthenticationError(err);
    } catch (e) {
      e.message = `${name}: ${e.message}`;
      throw e;
    }
  }
}

const WRITES = ['create', 'edit', 'delete', 'ips.update', 'ips.delete', 'zones.update', 'zones.delete', 'accounts.update', 'accounts.delete'];

test('read-only token: list and get work; every write is 403 PermissionDeniedError code 10000 and changes nothing', async (ctx) => {
  const writer = tokenClient(CREDS.write);
  const map = await ctx.createMap(writer, { account_id: DEMO, ips: ['203.0.113.50'] });
  const reader = tokenClient(CREDS.read);
  const ids = [];
  for await (const m of reader.addressing.addressMaps.list({ account_id: DEMO })) ids.push(m.id);
  assert.ok(ids.includes(map.id), 'read token lists the map');
  assert.deepEqual(await reader.addressing.addressMaps.get(map.id, { account_id: DEMO }), map);

  await expectOn(allOperations(reader, DEMO, map.id), WRITES, PermissionDeniedError, 403, 10000);
  assert.deepEqual(await writer.addressing.addressMaps.get(map.id, { account_id: DEMO }), map, 'refused writes change nothing');
});

test("another account's token on Demo BYOIP paths: every operation is 403 code 10000", async (ctx) => {
  const writer = tokenClient(CREDS.write);
  const map = await ctx.createMap(writer, { account_id: DEMO, ips: ['203.0.113.50'] });
  const other = tokenClient(CREDS.otherWrite);
  await expectOn(allOperations(other, DEMO, map.id), ['list', 'get', ...WRITES], PermissionDeniedError, 403, 10000);
  await expectApiError(other.addressing.prefixes.list({ account_id: DEMO }), PermissionDeniedError, 403, 10000);
  assert.deepEqual(await writer.addressing.addressMaps.get(map.id, { account_id: DEMO }), map, 'refused writes change nothing');
});

test('global key of a user who is not a member of the account: 403 code 10000', async () => {
  const key = keyClient();
  await expectApiError(key.addressing.addressMaps.list({ account_id: OTHER }), PermissionDeniedError, 403, 10000);
  await expectApiError(key.addressing.addressMaps.get(randomHex32(), { account_id: OTHER }), PermissionDeniedError, 403, 10000);
});

test('expired token: 403 PermissionDeniedError code 9109 on every operation', async () => {
  const ops = allOperations(tokenClient(CREDS.expired), DEMO, randomHex32());
  await expectOn(ops, Object.keys(ops), PermissionDeniedError, 403, 9109);
  await expectApiError(tokenClient(CREDS.expired).addressing.prefixes.list({ account_id: DEMO }), PermissionDeniedError, 403, 9109);
});

test('unknown token: 403 code 9109; wrong global key: 403 code 9103', async () => {
  const unknownToken = tokenClient(('Zz' + randomHex32() + randomHex32()).slice(0, 40));
  notAuthenticationError(await expectApiError(unknownToken.addressing.addressMaps.list({ account_id: DEMO }), PermissionDeniedError, 403, 9109));
  const wrongKey = keyClient(CREDS.email, '0' + CREDS.key.slice(1).split('').reverse().join(''));
  notAuthenticationError(await expectApiError(wrongKey.addressing.addressMaps.list({ account_id: DEMO }), PermissionDeniedError, 403, 9103));
  const wrongEmail = keyClient('nobody@example.com', CREDS.key);
  notAuthenticationError(await expectApiError(wrongEmail.addressing.addressMaps.list({ account_id: DEMO }), PermissionDeniedError, 403, 9103));
});

test('no credentials at all: 400 BadRequestError code 9106', async () => {
  const anon = anonymousClient();
  await expectApiError(anon.addressing.addressMaps.list({ account_id: DEMO }), BadRequestError, 400, 9106);
  await expectApiError(anon.addressing.addressMaps.create({ account_id: DEMO, description: 'x' }), BadRequestError, 400, 9106);
});

test('account without the Address Maps add-on: every operation is 403 code 1002', async () => {
  const ops = allOperations(tokenClient(CREDS.noAddon), NO_ADDON, randomHex32());
  await expectOn(ops, Object.keys(ops), PermissionDeniedError, 403, 1002);
});

test("the run account's token and user reach that account only; Demo BYOIP's reach not it: 403 code 10000", async (ctx) => {
  const own = tokenClient(RUN_CREDS.token);
  const map = await ctx.createMap(own, { ips: ['203.0.113.53'] });
  const demoMap = await ctx.createMap(tokenClient(CREDS.write), { account_id: DEMO, ips: ['203.0.113.53'] });
  for (const [who, client] of [['token', own], ['user', keyClient(RUN_CREDS.email, RUN_CREDS.key)]]) {
    try {
      await expectOn(allOperations(client, DEMO, demoMap.id), ['list', 'get', ...WRITES], PermissionDeniedError, 403, 10000);
      await expectApiError(client.addressing.prefixes.list({ account_id: DEMO }), PermissionDeniedError, 403, 10000);
    } catch (e) {
      e.message = `run account's ${who} on Demo BYOIP: ${e.message}`;
      throw e;
    }
  }
  for (const [who, client] of [['token', tokenClient(CREDS.write)], ['user', keyClient()]]) {
    try {
      await expectOn(allOperations(client, ACCOUNT, map.id), ['list', 'get', 'edit', 'delete'], PermissionDeniedError, 403, 10000);
    } catch (e) {
      e.message = `Demo BYOIP's ${who} on the run account: ${e.message}`;
      throw e;
    }
  }
  assert.deepEqual(await own.addressing.addressMaps.get(map.id, { account_id: ACCOUNT }), map, 'refused calls change nothing');
});

test('malformed map id: 404 code 1000 not_found, as on Cloudflare (CONTRACT §10.3); a malformed account id: 400 7003 (with 7000)', async () => {
  const client = tokenClient(RUN_CREDS.token);
  for (const id of ['not-a-map-id', '5425914c-8324-4b0f-afb1-4e5662f0d8a8']) {
    const err = await expectApiError(client.addressing.addressMaps.get(id, { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404, 1000);
    assert.ok(err.errors[0].message.startsWith(`not_found: address map ${id} `), `token and id in the message: ${err.errors[0].message}`);
  }
  const err = await expectApiError(client.addressing.addressMaps.list({ account_id: 'not-an-account-id' }), BadRequestError, 400, 7003);
  assert.ok(err.errors.some((e) => e.code === 7000), `7000 travels with 7003: ${JSON.stringify(err.errors)}`);
});

test('Other BYOIP seed: immutable map with 192.0.2.10 and an undeletable account membership', async () => {
  const client = tokenClient(CREDS.otherWrite);
  const maps = [];
  for await (const m of client.addressing.addressMaps.list({ account_id: OTHER })) maps.push(m);
  const summary = maps.find((m) => m.can_delete === false);
  assert.ok(summary, `an immutable map is listed: ${JSON.stringify(maps)}`);
  const map = await client.addressing.addressMaps.get(summary.id, { account_id: OTHER });
  assert.ok(map.ips.some((i) => i.ip === '192.0.2.10'), `holds 192.0.2.10: ${JSON.stringify(map.ips)}`);
  const member = map.memberships.find((m) => m.kind === 'account' && m.identifier === OTHER);
  assert.ok(member, `account membership of ${OTHER}: ${JSON.stringify(map.memberships)}`);
  assert.equal(member.can_delete, false);

  await expectApiError(client.addressing.addressMaps.delete(map.id, { account_id: OTHER }), BadRequestError, 400, businessCode);
  await expectApiError(client.addressing.addressMaps.accounts.delete(OTHER, { account_id: OTHER, address_map_id: map.id }),
    BadRequestError, 400, businessCode);
  assert.deepEqual(await client.addressing.addressMaps.get(map.id, { account_id: OTHER }), map, 'refused calls change nothing');
});

test("Other BYOIP token: an address of Demo BYOIP's prefixes is refused there (400)", async (ctx) => {
  const client = tokenClient(CREDS.otherWrite);
  let created;
  ctx.defer(async () => { if (created) await removeMap(created.id, OTHER, client); });
  try {
    created = await client.addressing.addressMaps.create({ account_id: OTHER, description: ctx.description('foreign-ip'), ips: ['203.0.113.52'] });
  } catch (err) {
    assert.ok(err instanceof BadRequestError, `expected BadRequestError, got ${err}`);
    assert.equal(err.status, 400);
    assert.ok(err.errors.some((e) => businessCode(e.code)), JSON.stringify(err.errors));
    return;
  }
  assert.fail(`map ${created.id} was created with an IP the account does not own`);
});

test('client.user.tokens.verify: a valid token is active; an expired one is 403 code 9109', async () => {
  const client = tokenClient(CREDS.write);
  const verified = await client.user.tokens.verify();
  assert.match(verified.id, /^[0-9a-f]{32}$/, 'verify: id is 32 hex');
  assert.equal(verified.status, 'active');
  assert.equal(verified.expires_on, undefined, 'a token without expiry has no expires_on');

  const err = await expectApiError(() => tokenClient(CREDS.expired).user.tokens.verify(), PermissionDeniedError, 403, 9109);
  notAuthenticationError(err);
});
