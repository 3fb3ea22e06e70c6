// Runs the SDK suite once per pinned SDK version (package.json: `cloudflare-7.2` = cloudflare@7.2.0,
// `cloudflare` = 7.3.0), each in its own process with its own run account, one after the other,
// and ends with one line "N passed, M failed" totalling both runs (exit code 1 when M > 0).
// Arguments are passed to each run (a test-name filter).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SDKS = ['cloudflare-7.2', 'cloudflare'];
const runner = fileURLToPath(new URL('./run.mjs', import.meta.url));

function runOnce(sdk) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runner, ...process.argv.slice(2)], {
      env: { ...process.env, ADDRESSMAPS_SDK: sdk },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (code) => {
      const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
      resolve(m ? { sdk, passed: Number(m[1]), failed: Number(m[2]) } : { sdk, passed: 0, failed: Math.max(1, code ?? 1) });
    });
  });
}

const results = [];
for (const sdk of SDKS) results.push(await runOnce(sdk));
for (const r of results) console.log(`# ${r.sdk}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
