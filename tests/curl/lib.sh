# Sourced by the curl scripts: the base URL, the demo account's credentials, a work folder,
# counters and checks with node (no jq needed).
# shellcheck shell=bash
# shellcheck disable=SC2034 # the variables are used by the scripts that source this file

if [[ -z "${ADDRESSMAPS_BASE_URL:-}" ]]; then
  echo "ADDRESSMAPS_BASE_URL is not set (e.g. http://127.0.0.1:8780)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
BASE="${ADDRESSMAPS_BASE_URL%/}"

# demo_seed VAR=KIND:NAME ...: sets each VAR to a value of the demo seed (demo-seed.json, the
# only place demo ids and secrets are written), looked up by tests/demo-seed.mjs.
demo_seed() {
  local assignments
  if ! assignments="$(node "$(dirname "${BASH_SOURCE[0]}")/../demo-seed.mjs" "$@")"; then
    echo "0 passed, 1 failed"
    exit 1
  fi
  eval "$assignments"
}

# The demo seed's Demo BYOIP account and its user's global key (README).
demo_seed ACCOUNT_ID="account:Demo BYOIP" CLOUDFLARE_EMAIL="email:Demo BYOIP" CLOUDFLARE_API_KEY="key:Demo BYOIP"
export ACCOUNT_ID

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0

# check NAME FILE EXPR: EXPR is JavaScript over `b` (the parsed JSON body of FILE), with
# eq(x, y) (deep equality), env (process.env), ts(x) (RFC 3339 UTC timestamp test).
check() {
  local name="$1" file="$2" expr="$3" out
  if out="$(node - "$file" "$expr" 2>&1 <<'JS'
const fs = require('fs');
const util = require('util');
const [file, expr] = process.argv.slice(2);
let b;
try { b = JSON.parse(fs.readFileSync(file, 'utf8')); } catch (e) { console.log(`not JSON: ${e.message}`); process.exit(1); }
const eq = util.isDeepStrictEqual;
const env = process.env;
const ts = (x) => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z$/.test(x);
let ok;
try { ok = Function('b', 'eq', 'env', 'ts', `return (${expr});`)(b, eq, env, ts); } catch (e) { console.log(`threw: ${e.message}`); process.exit(1); }
if (!ok) { console.log(`body: ${JSON.stringify(b).slice(0, 1500)}`); process.exit(1); }
JS
  )"; then
    passed=$((passed + 1))
    echo "ok - ${name}"
  else
    failed=$((failed + 1))
    echo "not ok - ${name}"
    [[ -n "$out" ]] && echo "      ${out}"
  fi
}

# check_status NAME ACTUAL EXPECTED
check_status() {
  if [[ "$2" == "$3" ]]; then
    passed=$((passed + 1)); echo "ok - $1"
  else
    failed=$((failed + 1)); echo "not ok - $1 (HTTP $2, expected $3)"
  fi
}

# jget FILE EXPR: prints a value from a JSON file.
# shellcheck disable=SC2016 # JavaScript template literal, not shell
jget() {
  node -e 'const b = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = Function("b", `return (${process.argv[2]});`)(b); process.stdout.write(v == null ? "" : String(v));' "$1" "$2" 2>/dev/null
}
