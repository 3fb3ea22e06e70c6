// Zone memberships (addressMaps.zones.update / zones.delete on 7.2.0; the same paths through
// client.put / client.delete on 7.3.0, which removed those two methods) and
// addressMaps.accounts.update / accounts.delete — once per credential style. See README.md.
import {
  test, STYLES, ACCOUNT, OTHER, ZONES, assert, Cloudflare, assertFull, membersOf, assertAfter, assertSameTime,
  assertOkEnvelope, expectApiError, businessCode, randomHex32, zones, SDK, SDK_VERSION,
} from '../lib.mjs';

test(`zone memberships go through the SDK's own methods where it has them (${SDK} ${SDK_VERSION})`, async () => {
  const client = STYLES[0].client();
  const own = client.addressing.addressMaps.zones;
  const has = typeof own?.update === 'function' && typeof own?.delete === 'function';
  // 7.2.0 is the newest release with zones.update/delete; 7.3.0's CHANGELOG removes both.
  assert.equal(has, SDK_VERSION === '7.2.0', `zones.update/delete present: ${has} in ${SDK_VERSION}`);
  assert.equal(zones(client).generic, !has);
});

const zonesFor = {
  apiToken: [ZONES.net, ZONES.shop],
  'apiEmail+apiKey': [ZONES.shop, ZONES.blog],
};

for (const style of STYLES) {
  const s = `[${style.name}]`;

  test(`${s} zones.update / accounts.update add memberships in creation order, idempotently; modified_at advances`, async (ctx) => {
    const client = style.client();
    const [z1, z2] = zonesFor[style.name];
    const created = await ctx.createMap(client, { ips: ['203.0.113.40'] });
    const get = () => client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });
    let prev = created;
    const step = async (call, expected) => {
      assertOkEnvelope(await call());
      const m = await get();
      assertFull(m);
      assert.deepEqual(membersOf(m), expected);
      assertAfter(m.modified_at, prev.modified_at);
      prev = m;
      return m;
    };

    await step(() => zones(client).update(created.id, { account_id: ACCOUNT, zone_id: z2 }), [`zone:${z2}`]);
    await step(() => client.addressing.addressMaps.accounts.update(ACCOUNT, { account_id: ACCOUNT, address_map_id: created.id }),
      [`zone:${z2}`, `account:${ACCOUNT}`]);
    // z1 was created last: it goes last whatever its id or kind.
    const m = await step(() => zones(client).update(created.id, { account_id: ACCOUNT, zone_id: z1 }),
      [`zone:${z2}`, `account:${ACCOUNT}`, `zone:${z1}`]);
    for (const x of m.memberships) assert.equal(x.can_delete, true);
    assertAfter(m.memberships[1].created_at, m.memberships[0].created_at, 'created_at of the 2nd membership');
    assertAfter(m.memberships[2].created_at, m.memberships[1].created_at, 'created_at of the 3rd membership');

    // Idempotent PUTs: 200, nothing changes.
    assertOkEnvelope(await zones(client).update(created.id, { account_id: ACCOUNT, zone_id: z2 }));
    assertOkEnvelope(await client.addressing.addressMaps.accounts.update(ACCOUNT, { account_id: ACCOUNT, address_map_id: created.id }));
    const again = await get();
    assert.deepEqual(again, m, 'repeated membership PUTs change nothing (created_at, order, modified_at)');
  });

  test(`${s} zones.delete / accounts.delete remove memberships; absent ones are 404 code 1000`, async (ctx) => {
    const client = style.client();
    const [z1, z2] = zonesFor[style.name];
    const created = await ctx.createMap(client, {
      memberships: [{ kind: 'zone', identifier: z1 }, { kind: 'account', identifier: ACCOUNT }, { kind: 'zone', identifier: z2 }],
    });
    assert.deepEqual(membersOf(created), [`zone:${z1}`, `account:${ACCOUNT}`, `zone:${z2}`]);
    const get = () => client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT });

    assertOkEnvelope(await zones(client).delete(created.id, { account_id: ACCOUNT, zone_id: z1 }));
    let m = await get();
    assert.deepEqual(membersOf(m), [`account:${ACCOUNT}`, `zone:${z2}`]);
    assertAfter(m.modified_at, created.modified_at);
    assertSameTime(m.memberships[0].created_at, created.memberships[1].created_at, 'created_at of a kept membership');
    let prev = m;

    assertOkEnvelope(await client.addressing.addressMaps.accounts.delete(ACCOUNT, { account_id: ACCOUNT, address_map_id: created.id }));
    m = await get();
    assert.deepEqual(membersOf(m), [`zone:${z2}`]);
    assertAfter(m.modified_at, prev.modified_at);
    prev = m;

    await expectApiError(zones(client).delete(created.id, { account_id: ACCOUNT, zone_id: z1 }),
      Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.accounts.delete(ACCOUNT, { account_id: ACCOUNT, address_map_id: created.id }),
      Cloudflare.NotFoundError, 404, 1000);
    m = await get();
    assertSameTime(m.modified_at, prev.modified_at, 'modified_at after refused deletes');

    // Removing the membership frees the zone for another map.
    const other = await ctx.createMap(client, { memberships: [{ kind: 'zone', identifier: z1 }] });
    assert.deepEqual(membersOf(other), [`zone:${z1}`]);
  });

  test(`${s} membership rules: foreign zone, foreign account, account on two maps are 400; unknown map 404`, async (ctx) => {
    const client = style.client();
    const created = await ctx.createMap(client, { memberships: [{ kind: 'account', identifier: ACCOUNT }] });
    await expectApiError(zones(client).update(created.id, { account_id: ACCOUNT, zone_id: randomHex32() }),
      Cloudflare.BadRequestError, 400, businessCode);
    await expectApiError(client.addressing.addressMaps.accounts.update(OTHER, { account_id: ACCOUNT, address_map_id: created.id }),
      Cloudflare.BadRequestError, 400, businessCode);
    const second = await ctx.createMap(client, {});
    await expectApiError(client.addressing.addressMaps.accounts.update(ACCOUNT, { account_id: ACCOUNT, address_map_id: second.id }),
      Cloudflare.BadRequestError, 400, businessCode);
    assert.deepEqual(await client.addressing.addressMaps.get(created.id, { account_id: ACCOUNT }), created, 'first map unchanged');
    assert.deepEqual(await client.addressing.addressMaps.get(second.id, { account_id: ACCOUNT }), second, 'second map unchanged');

    const unknown = randomHex32();
    const zone = zonesFor[style.name][0];
    await expectApiError(zones(client).update(unknown, { account_id: ACCOUNT, zone_id: zone }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(zones(client).delete(unknown, { account_id: ACCOUNT, zone_id: zone }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.accounts.update(ACCOUNT, { account_id: ACCOUNT, address_map_id: unknown }), Cloudflare.NotFoundError, 404, 1000);
    await expectApiError(client.addressing.addressMaps.accounts.delete(ACCOUNT, { account_id: ACCOUNT, address_map_id: unknown }), Cloudflare.NotFoundError, 404, 1000);
  });
}
