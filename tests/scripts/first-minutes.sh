#!/usr/bin/env bash
# The first minutes of a new user, through scripts/run, end to end (the issue's list):
#   --help prints the options and variables, exits 0 and creates nothing;
#   an unreachable database, a bad seed, a port in use, a data folder PostgreSQL cannot reach:
#     one `error:` line, no stack trace, exit 1, and no permission changed anywhere;
#   `scripts/run 2>&1 | head -3` (and a pipe closed once the API runs) leaves no process behind;
#   the `ready:` line comes only once /_emulator/ready answers 200 (the warm start is timed);
#   the README's TypeScript SDK block runs as written (token, then email + key);
#   samples/seed.json works as shipped with the secrets the README gives;
#   Ctrl-C stops the API and PostgreSQL and exits 0.
# Uses the built API (scripts/run builds it if it is missing or stale) and one PostgreSQL cluster
# of its own in a temporary folder, removed at the end. Prints `N passed, M failed` last.
set -uo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$repo_root" || exit 1
# shellcheck source=scripts/lib/pg.sh
source "$repo_root/scripts/lib/pg.sh"
run=$repo_root/scripts/run

unset ConnectionStrings__AddressMaps AddressMaps__SeedFile ADDRESSMAPS_DATA_DIR
export ADDRESSMAPS_DNS_PORT=0
work=$(mktemp -d "${TMPDIR:-/tmp}/addressmaps-first-minutes.XXXXXX")
# This test's own folder: PostgreSQL (run as root, the user 'postgres') must enter it.
chmod 755 "$work"
data=$work/data
server_pid=""
passed=0
failed=0

ok() {
  passed=$((passed + 1))
  echo "ok - $1"
}
not_ok() {
  failed=$((failed + 1))
  echo "not ok - $1"
  [[ -z ${2:-} ]] || sed 's/^/      /' "$2" | tail -n 15
}
# check NAME OUTPUT_FILE CONDITION...: ok when the condition (a command) succeeds.
check() {
  local name=$1 out=$2
  shift 2
  if "$@"; then ok "$name"; else not_ok "$name" "$out"; fi
}

cleanup() {
  if [[ -n $server_pid ]]; then
    kill -TERM "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  pg_stop_cluster "$data/pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# The modes of every folder from / down to DIR, one "mode path" a line.
modes_above() {
  local dir=$1
  while [[ $dir != / ]]; do
    stat -c '%a %n' "$dir"
    dir=$(dirname "$dir")
  done
}

# A failed start as a user sees it: exactly one `error:` line, last, no stack trace, exit 1.
one_error_line() {
  local out=$1 status=$2
  [[ $status -eq 1 ]] && [[ $(grep -c '^error: ' "$out") -eq 1 ]] && tail -n 1 "$out" | grep -q '^error: ' &&
    ! grep -qE '^\s+at |Unhandled exception|Aborted|--- End of' "$out"
}

# Whether anything started with this data folder or API port still runs (looked up only).
leftovers() {
  pgrep -f -- "$data/pg" >/dev/null || pgrep -f -- "AddressMaps.Api.dll --urls http://127.0.0.1:$1\$" >/dev/null
}
no_leftovers_within() {
  local port=$1 i
  for ((i = 0; i < 100; i++)); do
    leftovers "$port" || return 0
    sleep 0.2
  done
  return 1
}

http_code() {
  curl -s -o "$work/body.json" -w '%{http_code}' --max-time 5 "$@" || true
}

# Starts scripts/run in the background (its own process group, so that INT reaches it as Ctrl-C
# would), output in $1; waits for its ready line (at most 120 s). Sets server_pid.
start_server() {
  local out=$1 i
  shift
  set -m
  env "$@" timeout 180 "$run" >"$out" 2>&1 &
  server_pid=$!
  set +m
  for ((i = 0; i < 1200; i++)); do
    grep -q '^ready: ' "$out" && return 0
    kill -0 "$server_pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
# Ctrl-C to the server started last; its exit status in stop_status (at most 30 s).
stop_server() {
  local i
  kill -INT "$server_pid" 2>/dev/null
  for ((i = 0; i < 300; i++)); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  stop_status=0
  wait "$server_pid" || stop_status=$?
  server_pid=""
}

bad_db="Host=127.0.0.1;Port=$(pg_free_port);Database=addressmaps;Username=postgres;Password=postgres"

# --- 1. --help -----------------------------------------------------------------------------

out=$work/help.txt
status=0
ADDRESSMAPS_DATA_DIR=$work/help-data timeout 10 "$run" --help >"$out" 2>&1 || status=$?
check "--help exits 0" "$out" test "$status" -eq 0
names_everything() {
  local word
  for word in '-h, --help' ADDRESSMAPS_PORT ADDRESSMAPS_DNS_PORT ADDRESSMAPS_DATA_DIR ConnectionStrings__AddressMaps \
    AddressMaps__SeedFile AddressMaps__AuthMode AddressMaps__AdminToken; do
    grep -q -e "$word" "$out" || return 1
  done
}
check "--help prints the options and the variables" "$out" names_everything
check "--help creates nothing and starts nothing" "$out" test ! -e "$work/help-data"
status=0
timeout 10 "$run" --no-such-option >"$out" 2>&1 || status=$?
unknown_option() { [[ $status -eq 2 && $(wc -l <"$out") -eq 1 ]] && grep -q '^error: unknown option' "$out"; }
check "an unknown option: one error line, exit 2" "$out" unknown_option

# --- 2. start-up failures: one line, exit 1 ------------------------------------------------

port=$(pg_free_port)
out=$work/no-db.txt
status=0
ConnectionStrings__AddressMaps=$bad_db ADDRESSMAPS_PORT=$port timeout 180 "$run" >"$out" 2>&1 || status=$?
check "an unreachable database: one error line, exit 1" "$out" one_error_line "$out" "$status"
check "... naming the database's address and the variable to fix" "$out" \
  grep -q "^error: cannot use PostgreSQL at 127.0.0.1:.*connection refused.*ConnectionStrings__AddressMaps" "$out"

printf '%s' '{"accounts": [{"id": "xyz", "name": "Bad", "zones": [{"id": "1", "name": "ok.example"}]}]}' >"$work/bad-seed.json"
out=$work/bad-seed.txt
status=0
ConnectionStrings__AddressMaps=$bad_db AddressMaps__SeedFile=$work/bad-seed.json ADDRESSMAPS_PORT=$port \
  timeout 60 "$run" >"$out" 2>&1 || status=$?
check "a bad seed: one error line, exit 1" "$out" one_error_line "$out" "$status"
check "... naming the file and each bad entry" "$out" \
  grep -q "^error: invalid seed file $work/bad-seed.json: account id 'xyz' is not 32 lowercase hex; zone id '1' is not" "$out"
status=0
ConnectionStrings__AddressMaps=$bad_db AddressMaps__SeedFile=$work/missing.json ADDRESSMAPS_PORT=$port \
  timeout 60 "$run" >"$out" 2>&1 || status=$?
missing_seed() { one_error_line "$out" "$status" && grep -q "^error: seed file $work/missing.json does not exist" "$out"; }
check "a seed file that does not exist: one error line, exit 1" "$out" missing_seed

# Run as root, PostgreSQL runs as 'postgres': a data folder below a folder it cannot enter is an
# error, and that folder's mode (and every other) stays as it was.
if [[ $(id -u) -eq 0 ]]; then
  mkdir -m 700 "$work/closed"
  before=$(modes_above "$work/closed")
  out=$work/closed.txt
  status=0
  ADDRESSMAPS_DATA_DIR=$work/closed/data ADDRESSMAPS_PORT=$port timeout 60 "$run" >"$out" 2>&1 || status=$?
  unreachable() { one_error_line "$out" "$status" && grep -q "^error: .*cannot enter $work/closed, above the data folder" "$out"; }
  check "a data folder PostgreSQL cannot reach: one error line naming the folder, exit 1" "$out" unreachable
  check "... and no permission changed above it" "$out" test "$before" == "$(modes_above "$work/closed")"
else
  echo "skip - a data folder PostgreSQL cannot reach (only as root: otherwise PostgreSQL runs as you)"
fi

# --- 3. a closed output leaves nothing running ---------------------------------------------

before=$(modes_above "$work")
out=$work/head.txt
port=$(pg_free_port)
ADDRESSMAPS_DATA_DIR=$data ADDRESSMAPS_PORT=$port timeout 120 "$run" 2>&1 | head -n 3 >"$out"
check "scripts/run 2>&1 | head -3 (first start: initdb) prints 3 lines" "$out" test "$(wc -l <"$out")" -eq 3
check "... and leaves no PostgreSQL or API running" "$out" no_leftovers_within "$port"
check "... and changed no permission above the data folder" "$out" test "$before" == "$(modes_above "$work")"
ADDRESSMAPS_DATA_DIR=$data ADDRESSMAPS_PORT=$port timeout 120 "$run" 2>&1 | grep -m 1 'Migrations: ' >"$out"
closed_later() { grep -q 'Migrations: ' "$out" && no_leftovers_within "$port"; }
check "a pipe closed once the API runs (| grep -m 1 Migrations:) leaves no PostgreSQL or API running" "$out" closed_later

# --- 4. a warm start, the ready line, the SDK block, a port in use, Ctrl-C --------------------

port=$(pg_free_port)
out=$work/server.txt
t0=${EPOCHREALTIME//[.,]/}
if start_server "$out" ADDRESSMAPS_DATA_DIR="$data" ADDRESSMAPS_PORT="$port"; then
  t1=${EPOCHREALTIME//[.,]/}
  code=$(http_code "http://127.0.0.1:$port/_emulator/ready")
  check "the ready line comes once /_emulator/ready answers 200" "$out" test "$code" == 200
  warm=$(((t1 - t0) / 1000))
  echo "# warm start (built, data folder present) to the ready line: $warm ms"
  line_of() { grep -n -m 1 -e "$1" "$out" | cut -d: -f1; }
  # A warm start with the same seed keeps the state: "Seed unchanged: …" instead of "Seed loaded: …".
  in_order() { (($(line_of 'Migrations: ') < $(line_of 'Seed \(loaded\|unchanged\): '))) && (($(line_of 'Seed \(loaded\|unchanged\): ') < $(line_of '^ready: '))); }
  check "... after the migrations and the seed lines" "$out" in_order

  # The README's TypeScript SDK block, as written, with its environment (port changed).
  sdk=$work/sdk
  mkdir -p "$sdk"
  sdk_modules=$repo_root/tests/clients/node_modules
  awk '/^### Official SDKs/{on=1} on && /^```sh$/{getline; while ($0 != "```") {print; getline}; exit}' README.md |
    sed "s/:8780/:$port/" >"$sdk/env.sh"
  awk '/first-minutes.sh runs the next block/{on=1} on && /^```js$/{getline; while ($0 != "```") {print; getline}; exit}' README.md >"$sdk/sdk-demo.mjs"
  if [[ -f $sdk_modules/cloudflare/package.json ]] && command -v node >/dev/null 2>&1; then
    ln -s "$sdk_modules" "$sdk/node_modules"
    version=$(node -p "require('$sdk_modules/cloudflare/package.json').version")
    for credential in token key; do
      if [[ $credential == key ]]; then
        sed -i -e '/CLOUDFLARE_API_TOKEN=/d' -e 's/^# export CLOUDFLARE_EMAIL=/export CLOUDFLARE_EMAIL=/' "$sdk/env.sh"
      fi
      # shellcheck disable=SC1091  # env.sh: the README block, written above
      (cd "$sdk" && unset CLOUDFLARE_API_TOKEN CLOUDFLARE_EMAIL CLOUDFLARE_API_KEY && source ./env.sh && timeout 60 node sdk-demo.mjs) >"$sdk/out.txt" 2>&1
      sdk_ran() { grep -q "^created [0-9a-f]\{32\} \[ '203.0.113.10' \]" "$sdk/out.txt" && grep -q '^listed ' "$sdk/out.txt" && grep -q '^deleted ' "$sdk/out.txt"; }
      check "the README's SDK block runs as written (cloudflare $version, $credential)" "$sdk/out.txt" sdk_ran
    done
  else
    echo "skip - the README's SDK block: no tests/clients/node_modules/cloudflare (scripts/test installs it first)"
  fi

  busy=$work/busy.txt
  status=0
  ADDRESSMAPS_DATA_DIR=$data ADDRESSMAPS_PORT=$port timeout 120 "$run" >"$busy" 2>&1 || status=$?
  check "a port in use: one error line, exit 1" "$busy" one_error_line "$busy" "$status"
  check "... naming the address and ADDRESSMAPS_PORT" "$busy" \
    grep -q "^error: cannot listen on http://127.0.0.1:$port: address already in use; set ADDRESSMAPS_PORT" "$busy"
  still_ready() { [[ $(http_code "http://127.0.0.1:$port/_emulator/ready") == 200 ]]; }
  check "... and the running emulator and its PostgreSQL are left alone" "$busy" still_ready

  stop_server
  check "Ctrl-C: exit 0" "$out" test "$stop_status" -eq 0
  check "... PostgreSQL and the API stopped" "$out" no_leftovers_within "$port"
else
  not_ok "a warm start reaches its ready line" "$out"
fi

# --- 5. the sample seed works as shipped ---------------------------------------------------

port=$(pg_free_port)
out=$work/sample.txt
if start_server "$out" ADDRESSMAPS_DATA_DIR="$data" ADDRESSMAPS_PORT="$port" AddressMaps__SeedFile=samples/seed.json; then
  # The credentials exactly as the README's "Seed file" section gives them.
  token=$(sed -n 's/.*Bearer \(acme_[A-Za-z0-9_-]*\)".*/\1/p' README.md | head -n 1)
  email=$(sed -n 's/.*--header "X-Auth-Email: \(ops@acme.example\)" --header "X-Auth-Key: \([0-9a-f]*\)".*/\1/p' README.md | head -n 1)
  key=$(sed -n 's/.*--header "X-Auth-Email: ops@acme.example" --header "X-Auth-Key: \([0-9a-f]*\)".*/\1/p' README.md | head -n 1)
  url=http://127.0.0.1:$port/client/v4/accounts/0123456789abcdef0123456789abcdef/addressing/address_maps
  answered() { [[ -n $1 && $2 == 200 ]] && grep -q '"success":true' "$work/body.json"; }
  code=$(http_code "$url" --header "Authorization: Bearer $token")
  check "samples/seed.json: the README's token '$token' lists the sample account's maps" "$work/body.json" answered "$token" "$code"
  code=$(http_code "$url" --header "X-Auth-Email: $email" --header "X-Auth-Key: $key")
  check "samples/seed.json: the README's email '$email' and key do too" "$work/body.json" answered "$key" "$code"
  stop_server
  check "... and Ctrl-C exits 0" "$out" test "$stop_status" -eq 0
else
  not_ok "scripts/run starts with AddressMaps__SeedFile=samples/seed.json" "$out"
fi

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
