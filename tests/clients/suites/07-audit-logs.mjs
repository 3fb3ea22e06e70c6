// auditLogs.list — the account audit log at Cloudflare's own path (EMULATOR.md §7).
import { test, ACCOUNT, RUN_CREDS, assert, Cloudflare, keyClient, tokenClient, removeMap, expectApiError } from '../lib.mjs';

const auditId = (response) => response.headers.get('cf-auditlog-id');

test('[apiEmail+apiKey] auditLogs.list: create, edit, add an IP, delete -> four entries, newest first, ids = the Cf-Auditlog-Id headers', async (ctx) => {
  const client = keyClient(RUN_CREDS.email, RUN_CREDS.key);
  const created = await client.addressing.addressMaps.create({ account_id: ACCOUNT, description: ctx.description('audit') }).withResponse();
  const id = created.data.id;
  ctx.defer(() => removeMap(id, ACCOUNT, client));
  const edited = await client.addressing.addressMaps.edit(id, { account_id: ACCOUNT, description: ctx.description('audit edited') }).withResponse();
  const added = await client.addressing.addressMaps.ips.update('203.0.113.70', { account_id: ACCOUNT, address_map_id: id }).withResponse();
  const deleted = await client.addressing.addressMaps.delete(id, { account_id: ACCOUNT }).withResponse();
  const headers = [deleted, added, edited, created].map((r) => auditId(r.response));

  // The run account is shared by the other suites: this map's entries only.
  const entries = [];
  for await (const entry of client.auditLogs.list({ account_id: ACCOUNT, actor: { email: RUN_CREDS.email } })) {
    if (entry.resource?.id === id) entries.push(entry);
  }

  assert.deepEqual(entries.map((e) => e.id), headers, 'ids equal the headers, newest first');
  assert.deepEqual(entries.map((e) => e.action.type), ['delete', 'update', 'update', 'create']);
  assert.ok(entries.every((e) => e.action.result === true && e.actor.email === RUN_CREDS.email && e.owner.id === ACCOUNT));
  assert.ok(entries.every((e) => e.resource.type === 'address_map' && e.interface === 'API'));
  assert.equal(entries[3].oldValue, null);
  assert.equal(JSON.parse(entries[3].newValue).id, id);
  assert.deepEqual(JSON.parse(entries[1].newValue).ips.map((i) => i.ip), ['203.0.113.70']);
  assert.equal(entries[0].newValue, null);
  assert.equal(entries[0].oldValue, entries[1].newValue, "the delete's old value is the map after the IP was added");

  // The id filter finds one entry.
  const byId = [];
  for await (const entry of client.auditLogs.list({ account_id: ACCOUNT, id: headers[2] })) byId.push(entry);
  assert.deepEqual(byId.map((e) => e.id), [headers[2]]);
});

test('[apiToken] auditLogs.list without Account Settings Read is 403 code 10000', async () => {
  await expectApiError(
    tokenClient(RUN_CREDS.token).auditLogs.list({ account_id: ACCOUNT }),
    Cloudflare.PermissionDeniedError, 403, 10000);
});
