// Swagger UI in headless Chromium: the page a user opens works on the first click.
//
//   ADDRESSMAPS_BASE_URL=http://127.0.0.1:8780 node tests/browser/swagger-ui.mjs
//
// Resets the emulator to its seed (POST /_emulator/reset, loopback or ADDRESSMAPS_ADMIN_TOKEN),
// opens /swagger, checks that the operations come first and the error catalogue is folded,
// authorizes with the token the api_token scheme's description names, executes the pre-filled
// "Create Address Map" and expects 200 on the page, then opens the control-plane document from the
// definition selector and executes a call there, then resets again. Needs the built-in demo seed. Writes a screenshot
// to ${ADDRESSMAPS_ARTIFACTS_DIR:-<repo>/artifacts}/swagger-ui.png. Prints `N passed, M failed`.
//
// The browser is Debian's chromium (CHROMIUM_PATH, default /usr/bin/chromium): no download.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const base = (process.env.ADDRESSMAPS_BASE_URL ?? 'http://127.0.0.1:8780').replace(/\/$/, '');
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = process.env.ADDRESSMAPS_ARTIFACTS_DIR ?? join(repo, 'artifacts');
const screenshot = join(artifacts, 'swagger-ui.png');
const STEP_MS = 8000;
const CREATE = 'ip-address-management-address-maps-create-address-map';

let passed = 0;
let failed = 0;
async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${String(e?.message ?? e).split('\n')[0]}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const operation = (page, operationId) => page.locator(`.opblock[id$="-${operationId}"]`);

async function expand(page, operationId) {
  const block = operation(page, operationId);
  await block.locator('.opblock-summary').first().click();
  await block.locator('.execute').waitFor({ state: 'visible' });
  return block;
}

// Executes the operation as it stands and answers the status and body Swagger UI shows.
async function execute(block) {
  await block.locator('.execute').click();
  const status = block.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor({ state: 'visible' });
  const body = await block.locator('.live-responses-table tbody .response-col_description pre.microlight').first().textContent();
  return { status: (await status.textContent()).trim(), body, undocumented: await block.locator('.live-responses-table .response-undocumented').count() };
}

async function reset() {
  const headers = process.env.ADDRESSMAPS_ADMIN_TOKEN ? { Authorization: `Bearer ${process.env.ADDRESSMAPS_ADMIN_TOKEN}` } : {};
  const res = await fetch(`${base}/_emulator/reset`, { method: 'POST', headers, signal: AbortSignal.timeout(STEP_MS) });
  assert(res.status === 200, `POST /_emulator/reset answered ${res.status}`);
}

async function run(page) {
  await check('the emulator resets to its seed', reset);
  await check('Swagger UI opens on the operations, the error catalogue folded', async () => {
    await page.goto(`${base}/swagger/index.html`, { timeout: STEP_MS });
    const first = page.locator('.opblock').first();
    await first.waitFor({ state: 'visible' });
    const box = await first.boundingBox();
    assert(box && box.y < 800, `the first operation starts at ${box?.y} px`);
    const catalogue = page.locator('details#error-catalogue');
    assert((await catalogue.count()) === 1, 'no collapsed error catalogue section');
    assert(!(await catalogue.evaluate((d) => d.open)), 'the error catalogue is open');
  });
  await check('Authorize with the demo token named in the api_token scheme', async () => {
    await page.locator('.auth-wrapper .authorize').first().click();
    const scheme = page.locator('.modal-ux .auth-container').filter({ hasText: 'api_token' });
    const text = await scheme.textContent();
    const token = /paste ([A-Za-z0-9_-]{40})/.exec(text)?.[1];
    assert(token, `the api_token scheme names no token: ${text}`);
    await scheme.locator('input').fill(token);
    await scheme.locator('button.authorize').click();
    await scheme.locator('button', { hasText: 'Logout' }).waitFor({ state: 'visible' });
    await scheme.locator('.btn-done').click();
    await page.locator('.modal-ux').waitFor({ state: 'hidden' });
  });
  await check('the pre-filled create executes as it stands and answers 200', async () => {
    const block = await expand(page, CREATE);
    const account = await block.locator('tr[data-param-name="account_id"] input').inputValue();
    assert(/^[0-9a-f]{32}$/.test(account), `account_id is '${account}'`);
    const answer = await execute(block);
    await block.locator('.live-responses-table').scrollIntoViewIfNeeded();
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
    assert(answer.status === '200', `answered ${answer.status}: ${answer.body}`);
    assert(/"success": true/.test(answer.body), `not a success envelope: ${answer.body}`);
    assert(answer.undocumented === 0, 'the answer is labelled Undocumented');
  });
  await check('the control-plane document opens from the definition selector and executes', async () => {
    await page.locator('.topbar select').selectOption({ label: 'AddressMaps control plane' });
    await operation(page, 'emulator-reset').waitFor({ state: 'visible' });
    const answer = await execute(await expand(page, 'emulator-list-accounts'));
    assert(answer.status === '200', `GET /_emulator/accounts answered ${answer.status}: ${answer.body}`);
    assert(/Demo BYOIP/.test(answer.body), 'the accounts list lacks the demo account');
  });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
  timeout: 15000,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_MS);
  await run(page);
} finally {
  await browser.close();
}
// Leave the emulator as found: the checks after this one start from the seed.
await check('the emulator resets to its seed again (the created map removed)', reset);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
