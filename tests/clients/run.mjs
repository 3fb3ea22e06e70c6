// Tiny sequential runner: makes the run's own account (POST /_emulator/accounts), loads every
// suite under suites/, runs each test with its cleanups, deletes the account, and ends with
// exactly one line "N passed, M failed" (exit code 1 when M > 0).
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import { tests, makeContext, baseURL, RUN_ID, createRunAccount, deleteRunAccount, SDK, SDK_VERSION } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2]; // optional substring of test names
const TEST_TIMEOUT_MS = 60_000;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describe(err) {
  if (err?.name === 'AssertionError' || err?.code === 'ERR_ASSERTION') {
    const where = (err.stack ?? '').split('\n').find((l) => l.includes('/suites/'))?.trim() ?? '';
    return `${err.message}${where ? `\n      ${where}` : ''}`;
  }
  return err?.stack ?? inspect(err);
}

async function main() {
  let base;
  try {
    base = baseURL();
  } catch (err) {
    console.error(err.message);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }

  // The account first: suites read its ids when they load.
  let account;
  try {
    account = await createRunAccount();
  } catch (err) {
    console.error(`cannot make the run's account: ${err.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  let passed = 0;
  let failed = 0;
  try {
    for (const file of readdirSync(join(here, 'suites')).filter((f) => f.endsWith('.mjs')).sort()) {
      await import(pathToFileURL(join(here, 'suites', file)).href);
    }

    console.log(`# cloudflare SDK ${SDK_VERSION} (package ${SDK}) suite against ${base} (run ${RUN_ID}, account ${account.account.id})`);

    const selected = filter ? tests.filter((t) => t.name.includes(filter)) : tests;
    for (const t of selected) {
      const ctx = makeContext();
      const started = Date.now();
      let error;
      try {
        await withTimeout(Promise.resolve().then(() => t.fn(ctx)), TEST_TIMEOUT_MS, 'test');
      } catch (err) {
        error = err;
      }
      const cleanupErrors = await withTimeout(ctx.runCleanups(), TEST_TIMEOUT_MS, 'cleanup').catch((e) => [e]);
      if (!error && cleanupErrors.length) {
        error = new Error(`cleanup failed: ${cleanupErrors.map((e) => e.message).join('; ')}`);
      }
      const ms = Date.now() - started;
      if (error) {
        failed++;
        console.log(`not ok - ${t.name} (${ms} ms)\n      ${describe(error).split('\n').join('\n      ')}`);
      } else {
        passed++;
        console.log(`ok - ${t.name} (${ms} ms)`);
      }
    }
  } finally {
    // Whatever happened above (a suite that does not load included), the account goes.
    try {
      await deleteRunAccount();
      console.log(`# deleted account ${account.account.id}`);
    } catch (err) {
      failed++;
      console.log(`not ok - delete the run's account\n      ${err.message}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed (cloudflare ${SDK_VERSION})`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
