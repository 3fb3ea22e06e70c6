// addressing.prefixes.list / get — once per credential style.
import { test, STYLES, DEMO, DEMO_PREFIXES, HEX32, assert, Cloudflare, expectApiError, randomHex32 } from '../lib.mjs';

for (const style of STYLES) {
  const s = `[${style.name}]`;

  test(`${s} prefixes.list holds the approved prefixes; prefixes.get returns each one`, async () => {
    const client = style.client();
    const listed = [];
    for await (const p of client.addressing.prefixes.list({ account_id: DEMO })) listed.push(p);
    const cidrs = listed.map((p) => p.cidr);
    for (const cidr of DEMO_PREFIXES) assert.ok(cidrs.includes(cidr), `prefix ${cidr} listed (got ${cidrs.join(', ')})`);
    assert.equal(new Set(listed.map((p) => p.id)).size, listed.length, 'prefix ids are unique');
    for (const p of listed) {
      assert.match(p.id, HEX32);
      assert.equal(p.account_id, DEMO);
      const got = await client.addressing.prefixes.get(p.id, { account_id: DEMO });
      assert.deepEqual(got, p, `prefixes.get(${p.id}) equals the list item`);
    }
  });

  test(`${s} prefixes.get of an unknown prefix is 404`, async () => {
    const client = style.client();
    await expectApiError(client.addressing.prefixes.get(randomHex32(), { account_id: DEMO }), Cloudflare.NotFoundError, 404);
  });
}
