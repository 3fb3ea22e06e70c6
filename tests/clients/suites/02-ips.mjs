// addressMaps.ips.update / ips.delete — once per credential style.
import {
  test, STYLES, ACCOUNT, assert, Cloudflare, assertFull, ipsOf, assertAfter, assertSameTime, assertOkEnvelope,
  expectApiError, businessCode, randomHex32,
} from '../lib.mjs';

for (const style of STYLES) {
  const s = `[${style.name}]`;

  test(`${s} ips.update adds IPs in creation order, canonical form, modified_at advances`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, { ips: ['203.0.113.30'] });
    const get = () => client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    let prev = created;

    // Non-canonical IPv6 literal in the path; shown canonical afterwards.
    assertOkEnvelope(await client.addressing.addressMaps.ips.update('2001:DB8:0:0::30', { account_id: ACCOUNT, address_map_id: created.id }));
    let m = await get();
    assertFull(m);
    assert.deepEqual(ipsOf(m), ['203.0.113.30', '2001:db8::30']);
    assertAfter(m.modified_at, prev.modified_at);
    assertAfter(m.ips[1].created_at, m.ips[0].created_at, 'created_at of the later IP');
    assertSameTime(m.ips[0].created_at, created.ips[0].created_at, 'created_at of the first IP');
    prev = m;

    // An address that sorts before the others still goes last: creation order.
    assertOkEnvelope(await client.addressing.addressMaps.ips.update('192.0.0.30', { account_id: ACCOUNT, address_map_id: created.id }));
    m = await get();
    assert.deepEqual(ipsOf(m), ['203.0.113.30', '2001:db8::30', '192.0.0.30']);
    assertAfter(m.modified_at, prev.modified_at);
    prev = m;

    // The summary carries the same modified_at.
    const listed = [];
    for await (const x of client.addressing.addressMaps.list({ account_id: ACCOUNT })) listed.push(x);
    assert.equal(listed.find((x) => x.id === created.id)?.modified_at, m.modified_at);
  });

  test(`${s} ips.update of an IP already on the map is idempotent (200, created_at and map unchanged)`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, { ips: ['198.51.100.31', '2001:db8::31'] });
    assertOkEnvelope(await client.addressing.addressMaps.ips.update('198.51.100.31', { account_id: ACCOUNT, address_map_id: created.id }));
    // Same address, other spelling.
    assertOkEnvelope(await client.addressing.addressMaps.ips.update('2001:0DB8::0:31', { account_id: ACCOUNT, address_map_id: created.id }));
    const m = await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    assert.deepEqual(ipsOf(m), ['198.51.100.31', '2001:db8::31']);
    assertSameTime(m.ips[0].created_at, created.ips[0].created_at, 'created_at of 198.51.100.31');
    assertSameTime(m.ips[1].created_at, created.ips[1].created_at, 'created_at of 2001:db8::31');
    assertSameTime(m.modified_at, created.modified_at, 'modified_at after a no-op PUT');
  });

  test(`${s} ips.delete removes the IP (any spelling), advances modified_at; absent IP is 404 code 1000`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, { ips: ['203.0.113.32', '2001:db8::32', '198.51.100.32'] });
    const get = () => client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });

    assertOkEnvelope(await client.addressing.addressMaps.ips.delete('2001:db8::32', { account_id: ACCOUNT, address_map_id: created.id }));
    let m = await get();
    assert.deepEqual(ipsOf(m), ['203.0.113.32', '198.51.100.32']);
    assertAfter(m.modified_at, created.modified_at);
    const prev = m;

    await expectApiError(client.addressing.addressMaps.ips.delete('2001:db8::32', { account_id: ACCOUNT, address_map_id: created.id }),
      Cloudflare.NotFoundError, 404, 1000);
    // An approved address that was never on the map.
    await expectApiError(client.addressing.addressMaps.ips.delete('203.0.113.99', { account_id: ACCOUNT, address_map_id: created.id }),
      Cloudflare.NotFoundError, 404, 1000);
    m = await get();
    assertSameTime(m.modified_at, prev.modified_at, 'modified_at after refused deletes');

    // Re-add after delete: a new created_at, appended at the end.
    assertOkEnvelope(await client.addressing.addressMaps.ips.update('2001:db8::32', { account_id: ACCOUNT, address_map_id: created.id }));
    m = await get();
    assert.deepEqual(ipsOf(m), ['203.0.113.32', '198.51.100.32', '2001:db8::32']);
    assertAfter(m.ips[2].created_at, created.ips[1].created_at, 'created_at of the re-added IP');

    // Delete using a non-canonical spelling of the same address.
    assertOkEnvelope(await client.addressing.addressMaps.ips.delete('2001:DB8:0:0:0:0:0:32', { account_id: ACCOUNT, address_map_id: created.id }));
    m = await get();
    assert.deepEqual(ipsOf(m), ['203.0.113.32', '198.51.100.32']);
  });

  test(`${s} ips.update refuses addresses outside the approved prefixes and non-addresses (400), map unchanged`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, { ips: ['203.0.113.33'] });
    for (const ip of ['10.0.0.1', '192.0.2.10', '2001:db9::1', '203.0.114.1']) {
      await expectApiError(client.addressing.addressMaps.ips.update(ip, { account_id: ACCOUNT, address_map_id: created.id }),
        Cloudflare.BadRequestError, 400, businessCode);
    }
    await expectApiError(client.addressing.addressMaps.ips.update('not-an-ip', { account_id: ACCOUNT, address_map_id: created.id }),
      Cloudflare.BadRequestError, 400);
    const m = await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    assert.deepEqual(m, created, 'refused PUTs change nothing');
  });

  test(`${s} ips.update / ips.delete on an unknown map are 404 code 1000`, async () => {
    const client = style.client();
    const id = randomHex32();
    await expectApiError(client.addressing.addressMaps.ips.update('203.0.113.34', { account_id: ACCOUNT, address_map_id: id }),
      Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.ips.delete('203.0.113.34', { account_id: ACCOUNT, address_map_id: id }),
      Cloudflare.NotFoundError, 404, 1000);
  });
}
