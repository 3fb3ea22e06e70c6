#!/usr/bin/env bash
# The CI-job recipe of README "Using it from your tests", end to end with plain curl: readiness,
# POST /_emulator/accounts, the new account's token and key at work, another account's path
# refused, a per-account reset, DELETE /_emulator/accounts/{id} (twice). Answers checked with node.
#
# Usage: ADDRESSMAPS_BASE_URL=http://127.0.0.1:8780 bash tests/curl/control-plane.sh
# With AddressMaps__AdminToken set on the emulator, pass the same value as ADDRESSMAPS_ADMIN_TOKEN.
# Last line: "N passed, M failed"; exit 1 if M > 0.
set -uo pipefail

# shellcheck source=tests/curl/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ACCOUNT_ID (Demo BYOIP) is "another account" here.
OTHER_ACCOUNT_ID=$ACCOUNT_ID
export OTHER_ACCOUNT_ID
RUN_NAME="curl-control-plane-$(date -u +%Y%m%dT%H%M%SZ)-$$"
export RUN_NAME

# admin METHOD PATH OUTFILE [JSON]: a control-plane call (the admin token as bearer when set);
# prints the HTTP status.
admin() {
  local args=("${BASE}$2" --request "$1" --silent --show-error --output "$3" --write-out '%{http_code}')
  [[ -n ${ADDRESSMAPS_ADMIN_TOKEN:-} ]] && args+=(--header "Authorization: Bearer $ADDRESSMAPS_ADMIN_TOKEN")
  [[ $# -ge 4 ]] && args+=(--json "$4")
  curl "${args[@]}" 2>>"$WORK/curl.err" || :
}

# cf METHOD PATH OUTFILE JSON HEADER... : a Cloudflare API call (JSON "" for no body) with the
# credential headers given; prints the HTTP status.
cf() {
  local method="$1" path="$2" out="$3" json="$4"
  shift 4
  local args=("${BASE}/client/v4${path}" --request "$method" --silent --show-error --output "$out" --write-out '%{http_code}')
  for h in "$@"; do args+=(--header "$h"); done
  [[ -n $json ]] && args+=(--json "$json")
  curl "${args[@]}" 2>>"$WORK/curl.err" || :
}

echo "# control-plane curl suite against ${BASE} (${RUN_NAME})"

# ---- Readiness: always open, no admin token -----------------------------------------------------
code=$(curl "$BASE/_emulator/ready" --silent --output "$WORK/ready.json" --write-out '%{http_code}' 2>>"$WORK/curl.err" || :)
if [[ $code == "000" ]]; then
  echo "cannot reach ${BASE}:" >&2; cat "$WORK/curl.err" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
check_status "ready: HTTP 200" "$code" 200
check "ready: database ok, migrations applied, seed loaded" "$WORK/ready.json" \
  'b.success === true && b.result.status === "ready" && b.result.database === "ok" && b.result.migrations === "applied" && b.result.seed === "loaded"'
code=$(curl "$BASE/_emulator/health" --silent --output "$WORK/health.json" --write-out '%{http_code}' 2>>"$WORK/curl.err" || :)
check_status "health: HTTP 200 without a token" "$code" 200
check "health: status ok" "$WORK/health.json" 'b.success === true && b.result.status === "ok"'
if [[ -n ${ADDRESSMAPS_ADMIN_TOKEN:-} ]]; then
  code=$(curl "$BASE/_emulator/accounts" --silent --output "$WORK/no-token.json" --write-out '%{http_code}' 2>>"$WORK/curl.err" || :)
  check_status "admin token set: a call without it is HTTP 401" "$code" 401
  code=$(curl "$BASE/_emulator/accounts" --header "Authorization: Bearer not-the-$ADDRESSMAPS_ADMIN_TOKEN" --silent --output "$WORK/bad-token.json" --write-out '%{http_code}' 2>>"$WORK/curl.err" || :)
  check_status "admin token set: a wrong one is HTTP 403" "$code" 403
  check "admin token refusals are envelopes" "$WORK/bad-token.json" 'b.success === false && b.result === null && b.errors.length >= 1'
fi

# ---- 1. An account made on the fly ----------------------------------------------------------------
code=$(admin POST /_emulator/accounts "$WORK/account.json" "{\"name\": \"$RUN_NAME\"}")
check_status "POST /_emulator/accounts: HTTP 200" "$code" 200
check "account: id is 32 hex, name as asked" "$WORK/account.json" \
  'b.success === true && /^[0-9a-f]{32}$/.test(b.result.account.id) && b.result.account.name === env.RUN_NAME'
check "account: two default zones <8 hex>-1.example, -2.example, ids 32 hex" "$WORK/account.json" \
  '(() => { const a = b.result.account.id.slice(0, 8); return eq(b.result.zones.map(z => z.name), [`${a}-1.example`, `${a}-2.example`]) && b.result.zones.every(z => /^[0-9a-f]{32}$/.test(z.id)); })()'
check "account: default prefixes, ids 32 hex" "$WORK/account.json" \
  'eq(b.result.prefixes.map(p => p.cidr), ["203.0.113.0/24", "198.51.100.0/24", "2001:db8::/32"]) && b.result.prefixes.every(p => /^[0-9a-f]{32}$/.test(p.id))'
check "account: token id 32 hex, value 40 chars; user email and 37-hex key" "$WORK/account.json" \
  '/^[0-9a-f]{32}$/.test(b.result.token.id) && /^[A-Za-z0-9_-]{40}$/.test(b.result.token.value) && /^[^@\s]+@[^@\s]+$/.test(b.result.user.email) && /^[0-9a-f]{37}$/.test(b.result.user.key)'
NEW_ACCOUNT_ID=$(jget "$WORK/account.json" 'b.result && b.result.account && b.result.account.id')
if [[ -z $NEW_ACCOUNT_ID ]]; then
  echo "# no account, nothing more to check: $(head -c 500 "$WORK/account.json")"
  [[ $code == 401 || $code == 403 ]] && echo "# (an emulator with AddressMaps__AdminToken wants the same value in ADDRESSMAPS_ADMIN_TOKEN)"
  echo "${passed} passed, ${failed} failed"
  exit 1
fi
ZONE_ID=$(jget "$WORK/account.json" 'b.result.zones[0].id')
TOKEN_ID=$(jget "$WORK/account.json" 'b.result.token.id')
TOKEN=$(jget "$WORK/account.json" 'b.result.token.value')
EMAIL=$(jget "$WORK/account.json" 'b.result.user.email')
KEY=$(jget "$WORK/account.json" 'b.result.user.key')
export NEW_ACCOUNT_ID ZONE_ID TOKEN_ID
BEARER="Authorization: Bearer $TOKEN"

admin GET /_emulator/accounts "$WORK/accounts.json" >/dev/null
check "GET /_emulator/accounts lists it with origin api, the demo account with origin seed" "$WORK/accounts.json" \
  'b.success === true && b.result.some(a => a.id === env.NEW_ACCOUNT_ID && a.origin === "api") && b.result.some(a => a.id === env.OTHER_ACCOUNT_ID && a.origin === "seed")'

# ---- 2. The new account's credentials at work ---------------------------------------------------
code=$(cf GET /user/tokens/verify "$WORK/verify.json" "" "$BEARER")
check_status "token verify: HTTP 200" "$code" 200
check "token verify: the token of the answer, active" "$WORK/verify.json" 'b.result.id === env.TOKEN_ID && b.result.status === "active"'

code=$(cf GET "/accounts/$NEW_ACCOUNT_ID/addressing/address_maps" "$WORK/list0.json" "" "$BEARER")
check_status "token: list maps of the new account: HTTP 200" "$code" 200
check "token: a new account has no map" "$WORK/list0.json" 'b.success === true && eq(b.result, [])'

code=$(cf POST "/accounts/$NEW_ACCOUNT_ID/addressing/address_maps" "$WORK/create.json" \
  "{\"description\": \"$RUN_NAME\", \"enabled\": true, \"ips\": [\"203.0.113.7\", \"2001:db8::7\"], \"memberships\": [{\"kind\": \"zone\", \"identifier\": \"$ZONE_ID\"}]}" \
  "$BEARER")
check_status "token: create a map with IPs of the default prefixes and a zone of the account: HTTP 200" "$code" 200
check "token: the map as asked" "$WORK/create.json" \
  'b.success === true && /^[0-9a-f]{32}$/.test(b.result.id) && b.result.enabled === true && eq(b.result.ips.map(i => i.ip), ["203.0.113.7", "2001:db8::7"]) && eq(b.result.memberships.map(m => m.identifier), [env.ZONE_ID])'
MAP_ID=$(jget "$WORK/create.json" 'b.result && b.result.id')
export MAP_ID

code=$(cf GET "/accounts/$NEW_ACCOUNT_ID/addressing/address_maps" "$WORK/list1.json" "" "X-Auth-Email: $EMAIL" "X-Auth-Key: $KEY")
check_status "email/key: list maps of the new account: HTTP 200" "$code" 200
check "email/key: lists the map" "$WORK/list1.json" 'b.success === true && eq(b.result.map(m => m.id), [env.MAP_ID])'

# ---- 3. Another account's path is refused with that token (and that key) ------------------------
code=$(cf GET "/accounts/$OTHER_ACCOUNT_ID/addressing/address_maps" "$WORK/other.json" "" "$BEARER")
check_status "token on another account's path: HTTP 403" "$code" 403
check "token on another account's path: code 10000" "$WORK/other.json" 'b.success === false && b.result === null && b.errors.some(e => e.code === 10000)'
code=$(cf GET "/accounts/$OTHER_ACCOUNT_ID/addressing/address_maps" "$WORK/other-key.json" "" "X-Auth-Email: $EMAIL" "X-Auth-Key: $KEY")
check_status "email/key on another account's path: HTTP 403" "$code" 403
check "email/key on another account's path: code 10000" "$WORK/other-key.json" 'b.success === false && b.errors.some(e => e.code === 10000)'

# ---- 4. Reset between tests: one account back to its seed ---------------------------------------
code=$(admin POST "/_emulator/reset?account_id=$NEW_ACCOUNT_ID" "$WORK/reset.json")
check_status "POST /_emulator/reset?account_id=: HTTP 200" "$code" 200
check "reset: counts what went, the map included" "$WORK/reset.json" 'b.success === true && b.result.maps >= 1'
cf GET "/accounts/$NEW_ACCOUNT_ID/addressing/address_maps" "$WORK/list2.json" "" "$BEARER" >/dev/null
check "reset: the account has no map, its token still works" "$WORK/list2.json" 'b.success === true && eq(b.result, [])'

# ---- 5. Delete it: 200, then 404; its token is gone with it ---------------------------------------
code=$(admin DELETE "/_emulator/accounts/$NEW_ACCOUNT_ID" "$WORK/delete.json")
check_status "DELETE /_emulator/accounts/{id}: HTTP 200" "$code" 200
check "delete: success envelope" "$WORK/delete.json" 'b.success === true && eq(b.errors, [])'
code=$(admin DELETE "/_emulator/accounts/$NEW_ACCOUNT_ID" "$WORK/delete2.json")
check_status "second DELETE: HTTP 404" "$code" 404
check "second DELETE: error envelope" "$WORK/delete2.json" 'b.success === false && b.result === null && b.errors.length >= 1'
code=$(cf GET "/accounts/$NEW_ACCOUNT_ID/addressing/address_maps" "$WORK/list3.json" "" "$BEARER")
check_status "the deleted account's token: HTTP 403" "$code" 403
check "the deleted account's token: code 9109 (unknown token)" "$WORK/list3.json" 'b.success === false && b.errors.some(e => e.code === 9109)'

# A seeded account is reset, not deleted.
code=$(admin DELETE "/_emulator/accounts/$OTHER_ACCOUNT_ID" "$WORK/delete-seeded.json")
check_status "DELETE of a seeded account: HTTP 400" "$code" 400

if [[ -s "$WORK/curl.err" ]]; then
  echo "# curl reported:"; sed 's/^/#   /' "$WORK/curl.err"
fi
echo "${passed} passed, ${failed} failed"
[[ "$failed" -eq 0 ]]
