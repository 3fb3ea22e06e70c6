// Shared pieces of the SDK suite: the seed's demo values, client factories, a tiny test
// registry with per-test cleanup, and the assertions every test uses.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as seed from '../demo-seed.mjs';

// ---- The SDK under test ------------------------------------------------------------------------
// ADDRESSMAPS_SDK names the installed package: `cloudflare` (7.3.0) or `cloudflare-7.2` (an npm
// alias of cloudflare@7.2.0); run-all.mjs runs the suite once with each.

export const SDK = process.env.ADDRESSMAPS_SDK || 'cloudflare';
const { default: Cloudflare } = await import(SDK);
export const SDK_VERSION = JSON.parse(readFileSync(fileURLToPath(new URL(`./node_modules/${SDK}/package.json`, import.meta.url)), 'utf8')).version;

/** Zone memberships: the SDK's own `addressMaps.zones.update/delete` where it has them (≤ 7.2.0);
 * 7.3.0 removed both, so there the same two paths are called with the client's generic
 * `put`/`delete`, as a 7.3.0 user would. Both resolve to the envelope. */
export function zones(client) {
  const own = client.addressing.addressMaps.zones;
  const path = (mapId, p) => `/accounts/${p.account_id}/addressing/address_maps/${mapId}/zones/${p.zone_id}`;
  return typeof own?.update === 'function'
    ? {
      generic: false,
      update: (mapId, p) => client.addressing.addressMaps.zones.update(mapId, p),
      delete: (mapId, p) => client.addressing.addressMaps.zones.delete(mapId, p),
    }
    : { generic: true, update: (mapId, p) => client.put(path(mapId, p)), delete: (mapId, p) => client.delete(path(mapId, p)) };
}

// ---- Seed (built-in demo values of the emulator, read from demo-seed.json) ------------------
// Only the tests about the demo identities themselves (read-only, expired and other accounts'
// tokens, the account without the add-on, the Other BYOIP immutable map) use these.

export const DEMO = seed.account('Demo BYOIP').id; // has the add-on
export const OTHER = seed.account('Other BYOIP').id;
export const NO_ADDON = seed.account('No add-on').id;
export const DEMO_ZONE = seed.zone('blog.example').id;

const demoUser = seed.userOf('Demo BYOIP');
export const CREDS = {
  write: seed.token('Demo BYOIP: Address Maps Write + IP Prefixes Read').value,
  read: seed.token('Demo BYOIP: Address Maps Read').value,
  otherWrite: seed.token('Other BYOIP: Address Maps Write').value,
  expired: seed.token('Demo BYOIP: Address Maps Write (expired)').value,
  noAddon: seed.token('No add-on: Address Maps Write').value,
  email: demoUser.email,
  key: demoUser.global_key,
};

/** Every map this suite creates carries this prefix in its description. */
export const MARKER = 'sdk-suite';
export const RUN_ID = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

// ---- The run's own account, made on the fly (EMULATOR.md §2) ---------------------------------
// run.mjs calls createRunAccount() before it loads the suites and deleteRunAccount() at the end,
// so the address-map tests touch nothing but this account: parallel runs and leftovers of an
// interrupted run never meet. The bindings below are filled in by createRunAccount().

/** The run account's approved prefixes (the suites use addresses of all four). */
export const PREFIXES = ['203.0.113.0/24', '198.51.100.0/24', '192.0.0.0/24', '2001:db8::/32'];
/** The run account's zones by role: ZONES.net is the id, ZONE_NAMES.net the name. */
const ZONE_ROLES = ['net', 'shop', 'blog', 'sni'];
export const ZONES = {};
export const ZONE_NAMES = {};
/** cidr -> prefix id, as the control plane answered. */
export const PREFIX_IDS = {};
/** The run account's token (Address Maps Write + IP Prefixes: Read) and its user's email/key. */
export const RUN_CREDS = {};
/** The run account's id. */
export let ACCOUNT;

/** A call to the control plane (/_emulator/*) with ADDRESSMAPS_ADMIN_TOKEN as the bearer when
 * set (the emulator requires it when started with AddressMaps__AdminToken); resolves to
 * { status, body }. */
export async function emulator(method, path, body) {
  const headers = { accept: 'application/json' };
  if (process.env.ADDRESSMAPS_ADMIN_TOKEN) headers.authorization = `Bearer ${process.env.ADDRESSMAPS_ADMIN_TOKEN}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(rootURL() + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

export async function createRunAccount() {
  const { status, body } = await emulator('POST', '/_emulator/accounts', {
    name: `${MARKER} ${RUN_ID}`,
    zones: ZONE_ROLES.map((role) => `${RUN_ID}-${role}.example`),
    prefixes: PREFIXES,
  });
  const r = body?.result;
  if (status !== 200 || !HEX32.test(r?.account?.id ?? '')) {
    throw new Error(`POST /_emulator/accounts answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  }
  ACCOUNT = r.account.id;
  for (const [i, role] of ZONE_ROLES.entries()) {
    const zone = r.zones.find((z) => z.name === `${RUN_ID}-${role}.example`) ?? r.zones[i];
    ZONES[role] = zone.id;
    ZONE_NAMES[role] = zone.name;
  }
  for (const p of r.prefixes) PREFIX_IDS[p.cidr] = p.id;
  Object.assign(RUN_CREDS, { token: r.token.value, email: r.user.email, key: r.user.key });
  return r;
}

export async function deleteRunAccount() {
  const { status, body } = await emulator('DELETE', `/_emulator/accounts/${ACCOUNT}`);
  if (status !== 200) throw new Error(`DELETE /_emulator/accounts/${ACCOUNT} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
}

// ---- Clients --------------------------------------------------------------------------------

/** ADDRESSMAPS_BASE_URL without a trailing slash: where /client/v4 and /_emulator live. */
export function rootURL() {
  const raw = process.env.ADDRESSMAPS_BASE_URL;
  if (!raw) {
    throw new Error('ADDRESSMAPS_BASE_URL is not set (e.g. http://127.0.0.1:8780)');
  }
  return raw.replace(/\/+$/, '');
}

export function baseURL() {
  return rootURL() + '/client/v4';
}

// Every credential not used is passed as an explicit null: the SDK otherwise falls back to
// CLOUDFLARE_API_TOKEN / CLOUDFLARE_EMAIL / CLOUDFLARE_API_KEY from the environment.
const none = { apiToken: null, apiEmail: null, apiKey: null, userServiceKey: null };

export function tokenClient(token) {
  return new Cloudflare({ ...none, apiToken: token, baseURL: baseURL(), maxRetries: 0, timeout: 30_000 });
}

export function keyClient(email = CREDS.email, key = CREDS.key) {
  return new Cloudflare({ ...none, apiEmail: email, apiKey: key, baseURL: baseURL(), maxRetries: 0, timeout: 30_000 });
}

/** A client that sends no credential at all (the SDK needs the header explicitly nulled). */
export function anonymousClient() {
  return new Cloudflare({
    ...none,
    baseURL: baseURL(),
    maxRetries: 0,
    timeout: 30_000,
    defaultHeaders: { Authorization: null },
  });
}

/** The two credential styles every operation is driven with, both on the run account. */
export const STYLES = [
  { name: 'apiToken', client: () => tokenClient(RUN_CREDS.token) },
  { name: 'apiEmail+apiKey', client: () => keyClient(RUN_CREDS.email, RUN_CREDS.key) },
];

// ---- Test registry --------------------------------------------------------------------------

export const tests = [];

/** Registers a test. fn receives a context with `defer(fn)` (cleanup, run in reverse order
 * whether the test passed or not) and `mapFor(client, body)` (create + register cleanup). */
export function test(name, fn) {
  tests.push({ name, fn });
}

export function makeContext() {
  const cleanups = [];
  const ctx = {
    defer(fn) {
      cleanups.push(fn);
    },
    /** Creates a map (on the run account unless body.account_id says otherwise) with a unique
     * marked description and registers its removal by the same client. */
    async createMap(client, body = {}) {
      const description = 'description' in body ? body.description : ctx.description();
      const account = body.account_id ?? ACCOUNT;
      const map = await client.addressing.addressMaps.create({ ...body, account_id: account, description });
      ctx.defer(() => removeMap(map.id, account, client));
      return map;
    },
    description(label = 'map') {
      return `${MARKER} ${RUN_ID} ${label} ${randomBytes(3).toString('hex')}`;
    },
    async runCleanups() {
      const failures = [];
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          failures.push(err);
        }
      }
      return failures;
    },
  };
  return ctx;
}

/** Disables then deletes a map (of the run account by default); a map already gone is fine. */
export async function removeMap(id, account = ACCOUNT, client = tokenClient(RUN_CREDS.token)) {
  try {
    await client.addressing.addressMaps.edit(id, { account_id: account, enabled: false });
  } catch (err) {
    if (err instanceof Cloudflare.NotFoundError) return;
    throw err;
  }
  await client.addressing.addressMaps.delete(id, { account_id: account });
}

// ---- Assertions -----------------------------------------------------------------------------

export const HEX32 = /^[0-9a-f]{32}$/;
// RFC 3339 UTC, fractional seconds with trailing zeros trimmed (or none at all).
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/;

export const SUMMARY_KEYS = [
  'can_delete', 'can_modify_ips', 'created_at', 'default_sni', 'description', 'enabled', 'id', 'modified_at',
].sort();
export const FULL_KEYS = [...SUMMARY_KEYS, 'ips', 'memberships'].sort();

/** Timestamp as nanoseconds since the epoch (BigInt), keeping the sub-millisecond digits. */
export function ns(ts) {
  assert.match(ts, TIMESTAMP, `not an RFC 3339 UTC timestamp: ${ts}`);
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(ts);
  const seconds = BigInt(Date.parse(m[1] + 'Z') / 1000);
  const frac = BigInt(((m[2] ?? '') + '000000000').slice(0, 9));
  return seconds * 1_000_000_000n + frac;
}

export function assertAfter(later, earlier, what = 'modified_at') {
  assert.ok(ns(later) > ns(earlier), `${what} did not advance: ${earlier} -> ${later}`);
}

export function assertSameTime(a, b, what) {
  assert.equal(ns(a), ns(b), `${what} changed: ${b} -> ${a}`);
}

export function assertSummary(map) {
  assert.deepEqual(Object.keys(map).sort(), SUMMARY_KEYS, `summary keys of ${JSON.stringify(map)}`);
  assertCommon(map);
}

export function assertFull(map) {
  assert.deepEqual(Object.keys(map).sort(), FULL_KEYS, `full keys of ${JSON.stringify(map)}`);
  assertCommon(map);
  assert.ok(Array.isArray(map.ips), 'ips is an array');
  assert.ok(Array.isArray(map.memberships), 'memberships is an array');
  for (const ip of map.ips) {
    assert.deepEqual(Object.keys(ip).sort(), ['created_at', 'ip']);
    assert.match(ip.created_at, TIMESTAMP);
  }
  for (const m of map.memberships) {
    assert.deepEqual(Object.keys(m).sort(), ['can_delete', 'created_at', 'identifier', 'kind']);
    assert.match(m.created_at, TIMESTAMP);
    assert.ok(m.kind === 'zone' || m.kind === 'account', `membership kind ${m.kind}`);
    assert.equal(typeof m.can_delete, 'boolean');
  }
}

function assertCommon(map) {
  assert.match(map.id, HEX32);
  assert.equal(typeof map.enabled, 'boolean');
  assert.equal(typeof map.can_delete, 'boolean');
  assert.equal(typeof map.can_modify_ips, 'boolean');
  assert.ok(map.description === null || typeof map.description === 'string');
  assert.ok(map.default_sni === null || typeof map.default_sni === 'string');
  assert.match(map.created_at, TIMESTAMP);
  assert.match(map.modified_at, TIMESTAMP);
  assert.ok(ns(map.modified_at) >= ns(map.created_at), 'modified_at before created_at');
}

/** The summary part of a full object. */
export function summaryOf(full) {
  return Object.fromEntries(SUMMARY_KEYS.map((k) => [k, full[k]]));
}

export const ipsOf = (map) => map.ips.map((i) => i.ip);
export const membersOf = (map) => map.memberships.map((m) => `${m.kind}:${m.identifier}`);

/** A successful sub-resource / delete envelope (the SDK does not unwrap these). */
export function assertOkEnvelope(body) {
  assert.equal(body.success, true, `success envelope: ${JSON.stringify(body)}`);
  assert.deepEqual(body.errors, []);
  assert.deepEqual(body.messages, []);
  assert.ok(body.result === null || body.result === undefined || (Array.isArray(body.result) && body.result.length === 0),
    `result is null, omitted or []: ${JSON.stringify(body.result)}`);
}

/**
 * Awaits a call expected to fail; checks the SDK error class, HTTP status and the Cloudflare
 * code in the body. `code` is a number, or a predicate for the ["ours"] business-rule codes.
 */
export async function expectApiError(promiseOrFn, ErrorClass, status, code) {
  let err;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected ${ErrorClass.name} (${status}), but the call succeeded`);
  if (!(err instanceof Cloudflare.APIError) || err.status === undefined) {
    throw new assert.AssertionError({ message: `expected ${ErrorClass.name}, got non-API error: ${err?.stack ?? err}` });
  }
  const detail = `${err.constructor.name} ${err.status} ${JSON.stringify(err.error)}`;
  assert.ok(err instanceof ErrorClass, `expected ${ErrorClass.name}, got ${detail}`);
  assert.equal(err.status, status, `status: ${detail}`);
  const body = err.error;
  assert.equal(body?.success, false, `envelope success:false: ${detail}`);
  assert.ok(Array.isArray(body.errors) && body.errors.length >= 1, `errors[]: ${detail}`);
  assert.equal(body.result ?? null, null, `result null: ${detail}`);
  for (const e of body.errors) {
    assert.ok(Number.isInteger(e.code) && e.code >= 1000, `error code is an integer >= 1000: ${detail}`);
    assert.equal(typeof e.message, 'string', `error message: ${detail}`);
  }
  const codes = body.errors.map((e) => e.code);
  if (typeof code === 'number') {
    assert.ok(codes.includes(code), `expected code ${code}, got ${detail}`);
  } else if (typeof code === 'function') {
    assert.ok(codes.some(code), `unexpected code: ${detail}`);
  }
  return err;
}

/** A business-rule failure: own code in the 1000s range, not the 404 code 1000. */
export const businessCode = (c) => c > 1000 && c < 2000;

export function randomHex32() {
  return randomBytes(16).toString('hex');
}

export { assert, Cloudflare };
