// What the SDK sees on the wire: HTTP 200 for every success (POST included), the JSON
// envelope, cf-ray on every answer and Cf-Auditlog-Id on mutations (CONTRACT §1, §2).
import {
  test, ACCOUNT, RUN_CREDS, ZONE_NAMES, assert, Cloudflare, tokenClient, randomHex32, removeMap, expectApiError,
} from '../lib.mjs';

const CF_RAY = /^[0-9a-f]{16}-[A-Z]{3}$/;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function assertJsonWithRay(response, what) {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json\b/, `${what}: content-type`);
  assert.match(response.headers.get('cf-ray') ?? '', CF_RAY, `${what}: cf-ray`);
}

test('every success is HTTP 200 with the envelope; cf-ray everywhere, Cf-Auditlog-Id on mutations', async (ctx) => {
  const client = tokenClient(RUN_CREDS.token);
  const am = client.addressing.addressMaps;

  const { data: created, response: postRes } = await am
    .create({ account_id: ACCOUNT, description: ctx.description('transport'), ips: ['203.0.113.60'] })
    .withResponse();
  ctx.defer(() => removeMap(created.id));
  assert.equal(postRes.status, 200, 'POST create answers 200');
  assertJsonWithRay(postRes, 'create');
  assert.match(postRes.headers.get('cf-auditlog-id') ?? '', UUID_V7, 'create: Cf-Auditlog-Id is a UUIDv7');

  const listRes = await am.list({ account_id: ACCOUNT }).asResponse();
  assert.equal(listRes.status, 200);
  assertJsonWithRay(listRes, 'list');
  const envelope = await listRes.json();
  assert.equal(envelope.success, true);
  assert.deepEqual(envelope.errors, []);
  assert.deepEqual(envelope.messages, []);
  assert.ok(Array.isArray(envelope.result));

  const calls = {
    get: () => am.get(created.id, { account_id: ACCOUNT }),
    edit: () => am.edit(created.id, { account_id: ACCOUNT, default_sni: ZONE_NAMES.net }),
    'ips.update': () => am.ips.update('203.0.113.61', { account_id: ACCOUNT, address_map_id: created.id }),
    'ips.delete': () => am.ips.delete('203.0.113.61', { account_id: ACCOUNT, address_map_id: created.id }),
    'accounts.update': () => am.accounts.update(ACCOUNT, { account_id: ACCOUNT, address_map_id: created.id }),
    'accounts.delete': () => am.accounts.delete(ACCOUNT, { account_id: ACCOUNT, address_map_id: created.id }),
  };
  for (const [name, call] of Object.entries(calls)) {
    const { response } = await call().withResponse();
    assert.equal(response.status, 200, `${name} answers 200`);
    assertJsonWithRay(response, name);
    if (name !== 'get') {
      assert.match(response.headers.get('cf-auditlog-id') ?? '', UUID_V7, `${name}: Cf-Auditlog-Id is a UUIDv7`);
    }
  }

  await am.edit(created.id, { account_id: ACCOUNT, enabled: false });
  const { data: deleted, response: delRes } = await am.delete(created.id, { account_id: ACCOUNT }).withResponse();
  assert.equal(delRes.status, 200, 'DELETE answers 200');
  assertJsonWithRay(delRes, 'delete');
  assert.equal(deleted.success, true);
});

test('errors are the JSON envelope too, with cf-ray', async () => {
  const client = tokenClient(RUN_CREDS.token);
  const err = await expectApiError(client.addressing.addressMaps.get(randomHex32(), { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404, 1000);
  assertJsonWithRay(err, 'unknown map');
  assert.deepEqual(err.error.messages, []);
});
