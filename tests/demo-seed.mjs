// The demo identities of the built-in seed, read from demo-seed.json (the only place their ids
// and secrets are written; issue 8). Used by the SDK suite (import), the curl scripts and
// scripts/bench (command line). Node built-ins only: no npm install needed.
//
// Command line: node tests/demo-seed.mjs VAR=KIND:NAME ...
//   prints one shell assignment VAR='value' a line, for `eval`; exit 1 naming a lookup that does
//   not match exactly one seed entry. KIND is one of:
//     account:NAME  the id of the account named NAME
//     zone:NAME     the id of the zone named NAME
//     prefix:CIDR   the id of the prefix CIDR
//     token:NAME    the secret of the token named NAME
//     email:NAME    the email of the one user whose global key reaches account NAME
//     key:NAME      that user's global key
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SEED_FILE = fileURLToPath(new URL('../src/AddressMaps.Api/Seed/demo-seed.json', import.meta.url));
export const seed = JSON.parse(readFileSync(SEED_FILE, 'utf8'));

function single(entries, match, what) {
  const found = (entries ?? []).filter(match);
  if (found.length !== 1) throw new Error(`${SEED_FILE} holds ${found.length} ${what}, not exactly one`);
  return found[0];
}

const zones = () => seed.accounts.flatMap((a) => a.zones ?? []);
const prefixes = () => seed.accounts.flatMap((a) => a.prefixes ?? []);

export const account = (name) => single(seed.accounts, (a) => a.name === name, `account named '${name}'`);
export const zone = (name) => single(zones(), (z) => z.name === name, `zone named '${name}'`);
export const prefix = (cidr) => single(prefixes(), (p) => p.cidr === cidr, `prefix ${cidr}`);
export const token = (name) => single(seed.tokens, (t) => t.name === name && t.value, `token named '${name}' with a value`);
export const userOf = (accountName) => {
  const id = account(accountName).id;
  return single(seed.users, (u) => (u.accounts ?? []).includes(id) && u.global_key, `user with a global key on '${accountName}'`);
};

const kinds = {
  account: (name) => account(name).id,
  zone: (name) => zone(name).id,
  prefix: (cidr) => prefix(cidr).id,
  token: (name) => token(name).value,
  email: (name) => userOf(name).email,
  key: (name) => userOf(name).global_key,
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const lines = process.argv.slice(2).map((arg) => {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=([a-z]+):(.+)$/s.exec(arg);
      if (!m || !kinds[m[2]]) throw new Error(`not VAR=KIND:NAME with KIND in ${Object.keys(kinds).join(', ')}: ${arg}`);
      return `${m[1]}='${String(kinds[m[2]](m[3])).replaceAll("'", "'\\''")}'`;
    });
    console.log(lines.join('\n'));
  } catch (e) {
    console.error(`demo-seed: ${e.message}`);
    process.exit(1);
  }
}
