// Address maps themselves: create (every body field), get, list, edit, delete — once per
// credential style, on the run's own account.
import {
  test, STYLES, ACCOUNT, ZONES, ZONE_NAMES, assert, Cloudflare, assertFull, assertSummary, summaryOf, ipsOf, membersOf,
  assertAfter, assertSameTime, assertOkEnvelope, expectApiError, businessCode, ns, randomHex32, zones,
} from '../lib.mjs';

const zoneFor = { apiToken: ZONES.net, 'apiEmail+apiKey': ZONES.shop };

for (const style of STYLES) {
  const s = `[${style.name}]`;

  test(`${s} create with description, enabled, ips, memberships returns the full object; get and list agree`, async (ctx) => {
    const client = style.client();
    const zone = zoneFor[style.name];
    const description = ctx.description('full');
    // Memberships in a different order per style: creation (request) order must be kept
    // whichever kind comes first. IPv6 sent in a non-canonical form.
    const memberships = style.name === 'apiToken'
      ? [{ kind: 'zone', identifier: zone }, { kind: 'account', identifier: ACCOUNT }]
      : [{ kind: 'account', identifier: ACCOUNT }, { kind: 'zone', identifier: zone }];
    const before = Date.now();
    const created = await ctx.createMap(client, {
      description,
      enabled: true,
      ips: ['198.51.100.20', '203.0.113.20', '2001:DB8:0:0::20'],
      memberships,
    });
    assertFull(created);
    assert.equal(created.description, description);
    assert.equal(created.enabled, true);
    assert.equal(created.default_sni, null);
    assert.equal(created.can_delete, true);
    assert.equal(created.can_modify_ips, true);
    // created_at is "now" (allow generous clock skew between test host and server).
    assert.ok(Math.abs(Number(ns(created.created_at) / 1_000_000n) - before) < 120_000, `created_at ${created.created_at} is not now`);
    assert.deepEqual(ipsOf(created), ['198.51.100.20', '203.0.113.20', '2001:db8::20']);
    assert.deepEqual(membersOf(created), memberships.map((m) => `${m.kind}:${m.identifier}`));
    for (const m of created.memberships) assert.equal(m.can_delete, true);

    const got = await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    assert.deepEqual(got, created, 'GET details equals the POST result');

    const listed = [];
    for await (const m of client.addressing.addressMaps.list({ account_id: ACCOUNT })) listed.push(m);
    const item = listed.find((m) => m.id === created.id);
    assert.ok(item, 'new map is listed');
    assertSummary(item);
    assert.deepEqual(item, summaryOf(created), 'list item is the summary of the full object');
    for (const m of listed) assertSummary(m);
  });

  test(`${s} create with only a description defaults to disabled, no SNI, empty ips and memberships`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, {});
    assertFull(created);
    assert.equal(created.enabled, false);
    assert.equal(created.default_sni, null);
    assert.deepEqual(created.ips, []);
    assert.deepEqual(created.memberships, []);
    assert.equal(created.can_delete, true);
    assert.equal(created.can_modify_ips, true);
  });

  test(`${s} create a Spectrum default-SNI map (default_sni, ips, no memberships)`, async (ctx) => {
    const client = style.client();
    const sni = `*.${ZONE_NAMES.sni}`;
    const created = await ctx.createMap(client, {
      default_sni: sni, enabled: false, ips: ['192.0.0.21'], memberships: [],
    });
    assertFull(created);
    assert.equal(created.default_sni, sni);
    assert.deepEqual(ipsOf(created), ['192.0.0.21']);
    assert.deepEqual(created.memberships, []);
    const got = await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    assert.deepEqual(got, created);
  });

  test(`${s} edit changes only the given fields, returns the summary, modified_at advances each time`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, { ips: ['203.0.113.22'] });
    let prev = created;
    const edit = async (body, expected) => {
      const r = await client.addressing.addressMaps.edit(created.id, { account_id: ACCOUNT, ...body });
      assertSummary(r);
      assert.equal(r.id, created.id);
      assertSameTime(r.created_at, created.created_at, 'created_at');
      assertAfter(r.modified_at, prev.modified_at);
      for (const [k, v] of Object.entries(expected)) assert.equal(r[k], v, `${k} after edit ${JSON.stringify(body)}`);
      prev = r;
      return r;
    };

    const desc2 = ctx.description('edited');
    const sni = `www.${ZONE_NAMES.net}`;
    await edit({ description: desc2 }, { description: desc2, enabled: false, default_sni: null });
    await edit({ default_sni: sni }, { description: desc2, enabled: false, default_sni: sni });
    await edit({ enabled: true }, { description: desc2, enabled: true, default_sni: sni });
    await edit({ default_sni: null }, { description: desc2, enabled: true, default_sni: null });
    await edit({ description: null }, { description: null, enabled: true, default_sni: null });
    const last = await edit({ description: desc2, enabled: false }, { description: desc2, enabled: false, default_sni: null });

    const got = await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    assert.deepEqual(summaryOf(got), last, 'GET agrees with the last edit');
    assert.deepEqual(ipsOf(got), ['203.0.113.22'], 'edit leaves the IPs alone');
    assertSameTime(got.ips[0].created_at, created.ips[0].created_at, 'ip created_at');
  });

  test(`${s} delete refuses an enabled map (400), deletes a disabled one, then the map is 404 code 1000`, async (ctx) => {
    const client = style.client();
    const zone = zoneFor[style.name];
    const created = await ctx.createMap(client, {
      enabled: true, ips: ['203.0.113.23'], memberships: [{ kind: 'zone', identifier: zone }],
    });
    await expectApiError(client.addressing.addressMaps.delete(created.id, { account_id: ACCOUNT }),
      Cloudflare.BadRequestError, 400, businessCode);
    const still = await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    assert.deepEqual(still, created, 'a refused delete changes nothing');

    const disabled = await client.addressing.addressMaps.edit(created.id, { account_id: ACCOUNT, enabled: false });
    assert.equal(disabled.enabled, false);
    // A disabled map with IPs and a membership is deleted with them.
    const del = await client.addressing.addressMaps.delete(created.id, { account_id: ACCOUNT });
    assertOkEnvelope(del);

    await expectApiError(client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.edit(created.id, { account_id: ACCOUNT, enabled: false }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.delete(created.id, { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404, 1000);
    const ids = [];
    for await (const m of client.addressing.addressMaps.list({ account_id: ACCOUNT })) ids.push(m.id);
    assert.ok(!ids.includes(created.id), 'deleted map is no longer listed');

    // Its zone is free again: a new map may take it.
    const again = await ctx.createMap(client, { memberships: [{ kind: 'zone', identifier: zone }] });
    assert.deepEqual(membersOf(again), [`zone:${zone}`]);
  });

  test(`${s} unknown map id: get, edit, delete answer 404 code 1000`, async () => {
    const client = style.client();
    const id = randomHex32();
    await expectApiError(client.addressing.addressMaps.get(id, { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.edit(id, { account_id: ACCOUNT, description: 'x' }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.delete(id, { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404, 1000);
  });

  test(`${s} create with an IP outside the approved prefixes is 400 and creates nothing`, async (ctx) => {
    const client = style.client();
    const description = ctx.description('refused');
    await expectApiError(
      client.addressing.addressMaps.create({ account_id: ACCOUNT, description, ips: ['203.0.113.24', '10.1.2.3'] }),
      Cloudflare.BadRequestError, 400, businessCode);
    // 192.0.2.0/24 is approved for Other BYOIP, not for this account.
    await expectApiError(
      client.addressing.addressMaps.create({ account_id: ACCOUNT, description, ips: ['192.0.2.10'] }),
      Cloudflare.BadRequestError, 400, businessCode);
    for await (const m of client.addressing.addressMaps.list({ account_id: ACCOUNT })) {
      assert.notEqual(m.description, description, 'a refused create left a map behind');
    }
  });
}

test('a zone can be a member of only one map: second map (create or zones.update) is 400, first map unchanged', async (ctx) => {
  const token = STYLES[0].client();
  const key = STYLES[1].client();
  const zone = ZONES.blog;
  const first = await ctx.createMap(token, { memberships: [{ kind: 'zone', identifier: zone }] });
  const description = ctx.description('second');
  await expectApiError(
    key.addressing.addressMaps.create({ account_id: ACCOUNT, description, memberships: [{ kind: 'zone', identifier: zone }] }),
    Cloudflare.BadRequestError, 400, businessCode);
  for await (const m of key.addressing.addressMaps.list({ account_id: ACCOUNT })) {
    assert.notEqual(m.description, description, 'a refused create left a map behind');
  }
  const second = await ctx.createMap(key, {});
  await expectApiError(
    zones(key).update(second.id, { account_id: ACCOUNT, zone_id: zone }),
    Cloudflare.BadRequestError, 400, businessCode);
  const after = await token.addressing.addressMaps.get(first.id, { account_id: ACCOUNT });
  assert.deepEqual(after, first, 'first map unchanged');
  const secondAfter = await token.addressing.addressMaps.get(second.id, { account_id: ACCOUNT });
  assert.deepEqual(secondAfter.memberships, []);
});
