// addressing.prefixes.list / get — once per credential style, on the run's own account.
import { test, STYLES, ACCOUNT, PREFIXES, PREFIX_IDS, HEX32, assert, Cloudflare, expectApiError, randomHex32 } from '../lib.mjs';

for (const style of STYLES) {
  const s = `[${style.name}]`;

  test(`${s} prefixes.list holds exactly the account's approved prefixes; prefixes.get returns each one`, async () => {
    const client = style.client();
    const listed = [];
    for await (const p of client.addressing.prefixes.list({ account_id: ACCOUNT })) listed.push(p);
    const cidrs = listed.map((p) => p.cidr);
    assert.deepEqual([...cidrs].sort(), [...PREFIXES].sort(), 'the prefixes the account was made with, no others');
    assert.equal(new Set(listed.map((p) => p.id)).size, listed.length, 'prefix ids are unique');
    for (const p of listed) {
      assert.match(p.id, HEX32);
      assert.equal(p.account_id, ACCOUNT);
      assert.equal(p.id, PREFIX_IDS[p.cidr], `id of ${p.cidr} as POST /_emulator/accounts answered`);
      const got = await client.addressing.prefixes.get(p.id, { account_id: ACCOUNT });
      assert.deepEqual(got, p, `prefixes.get(${p.id}) equals the list item`);
    }
  });

  test(`${s} prefixes.get of an unknown prefix is 404`, async () => {
    const client = style.client();
    await expectApiError(client.addressing.prefixes.get(randomHex32(), { account_id: ACCOUNT }), Cloudflare.NotFoundError, 404);
  });
}
