// Prefix delegations (CONTRACT §10.2) through client.addressing.prefixes.delegations: the run
// account (the owner, with its user's key: IP Prefixes Write) delegates part of its prefix to a
// second account made for the test, which then puts a delegated IP on a map of its own.
import {
  test, ACCOUNT, PREFIX_IDS, RUN_CREDS, RUN_ID, MARKER, HEX32, TIMESTAMP, assert, Cloudflare, tokenClient, keyClient, emulator,
  expectApiError, removeMap,
} from '../lib.mjs';

const PARENT = '203.0.113.0/24';
const KEYS = ['cidr', 'created_at', 'delegated_account_id', 'id', 'modified_at', 'parent_prefix_id'];

/** A second account (no prefixes of its own), removed with everything under it at the end. */
async function delegateAccount(ctx) {
  const { status, body } = await emulator('POST', '/_emulator/accounts', { name: `${MARKER} ${RUN_ID} delegate`, prefixes: [], zones: [] });
  assert.equal(status, 200, `POST /_emulator/accounts: ${JSON.stringify(body)}`);
  const id = body.result.account.id;
  ctx.defer(async () => {
    const gone = await emulator('DELETE', `/_emulator/accounts/${id}`);
    assert.equal(gone.status, 200, `DELETE /_emulator/accounts/${id}: ${JSON.stringify(gone.body)}`);
  });
  return { id, client: tokenClient(body.result.token.value) };
}

async function listed(client, prefixId) {
  const items = [];
  for await (const d of client.addressing.prefixes.delegations.list(prefixId, { account_id: ACCOUNT })) items.push(d);
  return items;
}

test('prefixes.delegations: create, list, then a map of the delegate with a delegated IP; delete waits for it', async (ctx) => {
  const client = keyClient(RUN_CREDS.email, RUN_CREDS.key); // the owner
  const owner = client;
  const prefixId = PREFIX_IDS[PARENT];
  const delegate = await delegateAccount(ctx);

  const created = await client.addressing.prefixes.delegations.create(prefixId, { account_id: ACCOUNT, cidr: '203.0.113.192/26', delegated_account_id: delegate.id });
  assert.deepEqual(Object.keys(created).sort(), KEYS, `keys of ${JSON.stringify(created)}`);
  assert.match(created.id, HEX32);
  assert.equal(created.cidr, '203.0.113.192/26');
  assert.equal(created.delegated_account_id, delegate.id);
  assert.equal(created.parent_prefix_id, prefixId);
  assert.match(created.created_at, TIMESTAMP);
  assert.match(created.modified_at, TIMESTAMP);
  assert.deepEqual(await listed(owner, prefixId), [created]);

  const map = await delegate.client.addressing.addressMaps.create({ account_id: delegate.id, description: `${MARKER} ${RUN_ID} delegated`, ips: ['203.0.113.200'] });
  ctx.defer(() => removeMap(map.id, delegate.id, delegate.client));
  assert.deepEqual(map.ips.map((i) => i.ip), ['203.0.113.200'], 'the delegate holds a delegated IP');
  const outside = await expectApiError(
    delegate.client.addressing.addressMaps.ips.update('203.0.113.10', { account_id: delegate.id, address_map_id: map.id }),
    Cloudflare.BadRequestError, 400, 1007);
  assert.ok(outside.errors[0].message.startsWith('ip_not_owned_by_account: 203.0.113.10 '), outside.errors[0].message);
  const own = await owner.addressing.addressMaps.create({ account_id: ACCOUNT, description: `${MARKER} ${RUN_ID} owner`, ips: ['203.0.113.200'] });
  ctx.defer(() => removeMap(own.id, ACCOUNT, owner));

  const inUse = await expectApiError(client.addressing.prefixes.delegations.delete(created.id, { account_id: ACCOUNT, prefix_id: prefixId }), Cloudflare.BadRequestError, 400, 1026);
  assert.ok(inUse.errors[0].message.includes(`203.0.113.200 is on address map ${map.id}`), inUse.errors[0].message);
  await removeMap(map.id, delegate.id, delegate.client);
  assert.deepEqual(await client.addressing.prefixes.delegations.delete(created.id, { account_id: ACCOUNT, prefix_id: prefixId }), { id: created.id });
  assert.deepEqual(await listed(owner, prefixId), []);
  await expectApiError(client.addressing.prefixes.delegations.delete(created.id, { account_id: ACCOUNT, prefix_id: prefixId }), Cloudflare.NotFoundError, 404, 1000);
});

test('prefixes.delegations.create: bad input is a 400 naming it; the run token (IP Prefixes Read) may list, not create', async (ctx) => {
  const owner = keyClient(RUN_CREDS.email, RUN_CREDS.key);
  const prefixId = PREFIX_IDS[PARENT];
  const delegate = await delegateAccount(ctx);
  const create = (cidr, to = delegate.id) => owner.addressing.prefixes.delegations.create(prefixId, { account_id: ACCOUNT, cidr, delegated_account_id: to });
  const first = await create('203.0.113.0/25');
  ctx.defer(() => owner.addressing.prefixes.delegations.delete(first.id, { account_id: ACCOUNT, prefix_id: prefixId }));

  for (const [cidr, to, code, token] of [
    ['198.51.100.0/25', delegate.id, 1021, 'delegation_cidr_outside_prefix'],
    ['203.0.113.64/26', delegate.id, 1022, 'delegation_overlaps_existing'],
    ['203.0.113.129/25', delegate.id, 1020, 'invalid_network_cidr'],
    ['203.0.113.128/25', ACCOUNT, 1024, 'delegation_to_own_account'],
    ['203.0.113.128/25', 'ffffffffffffffffffffffffffffffff', 1023, 'delegated_account_not_found'],
  ]) {
    const err = await expectApiError(create(cidr, to), Cloudflare.BadRequestError, 400, code);
    assert.ok(err.errors[0].message.startsWith(`${token}: `), err.errors[0].message);
  }
  const token = tokenClient(RUN_CREDS.token);
  assert.deepEqual((await listed(token, prefixId)).map((d) => d.id), [first.id]);
  await expectApiError(token.addressing.prefixes.delegations.create(prefixId, { account_id: ACCOUNT, cidr: '203.0.113.128/25', delegated_account_id: delegate.id }),
    Cloudflare.PermissionDeniedError, 403, 10000);
});
