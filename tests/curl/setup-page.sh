#!/usr/bin/env bash
# Replays the two curl commands of Cloudflare's "Set up address maps" page
# (developers.cloudflare.com/byoip/address-maps/setup/: "Create address maps" > API, and
# "Non-SNI support" > "Spectrum HTTPS applications") against the emulator, reads the maps back
# with curl, checks the answers with node, and cleans up.
#
# The two POSTs are the page's commands as written; the only changes are:
#   - the host: https://api.cloudflare.com -> $ADDRESSMAPS_BASE_URL
#   - <ZONE_ID> -> the id of example.com, a zone of the demo account (from demo-seed.json)
#   - a per-run suffix appended to each "description", so reruns (and leftovers of an
#     interrupted run) can be told apart; capturing stdout/stderr to files.
#
# Usage: ADDRESSMAPS_BASE_URL=http://127.0.0.1:8780 bash tests/curl/setup-page.sh
# Needs curl >= 7.82 (--json) and node. Last line: "N passed, M failed"; exit 1 if M > 0.
set -uo pipefail

# shellcheck source=tests/curl/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

demo_seed ZONE_ID=zone:example.com
MARKER="(setup-page run"
RUN_ID="$(date -u +%Y%m%dT%H%M%SZ)-$$-$RANDOM"
SUFFIX=" ${MARKER} ${RUN_ID})"
export DESC1="Example address map${SUFFIX}" DESC2="default_sni${SUFFIX}" ZONE_ID ACCOUNT_ID MARKER


# api METHOD PATH OUTFILE [JSON]: the same curl style as the page, plus output capture;
# prints the HTTP status.
api() {
  local method="$1" path="$2" out="$3"
  local args=("${BASE}/client/v4${path}" --request "$method"
    --header "X-Auth-Email: $CLOUDFLARE_EMAIL" --header "X-Auth-Key: $CLOUDFLARE_API_KEY"
    --silent --show-error --output "$out" --write-out '%{http_code}')
  [[ $# -ge 4 ]] && args+=(--json "$4")
  curl "${args[@]}" 2>>"$WORK/curl.err" || :
}

# Disable then delete a map; prints nothing, returns 0 when it ends deleted.
remove_map() {
  local id="$1"
  api PATCH "/accounts/$ACCOUNT_ID/addressing/address_maps/$id" "$WORK/rm-patch.json" '{"enabled": false}' >/dev/null
  local code
  code="$(api DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$id" "$WORK/rm-delete.json")"
  [[ "$code" == "200" || "$code" == "404" ]]
}

version="$(curl --version | head -1 | awk '{print $2}')"
if [[ "$(printf '%s\n' "7.82.0" "$version" | sort -V | head -1)" != "7.82.0" ]]; then
  echo "curl $version is too old for --json (needs >= 7.82)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

echo "# setup-page curl suite against ${BASE} (run ${RUN_ID})"

# ---- 0. Leftovers of an interrupted earlier run (they may hold example.com) ------------------
code="$(api GET "/accounts/$ACCOUNT_ID/addressing/address_maps" "$WORK/pre-list.json")"
if [[ "$code" == "000" ]]; then
  echo "cannot reach ${BASE}:" >&2; cat "$WORK/curl.err" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [[ "$code" == "200" ]]; then
  for id in $(jget "$WORK/pre-list.json" 'b.result.filter(m => typeof m.description === "string" && m.description.includes(process.env.MARKER)).map(m => m.id).join(" ")'); do
    remove_map "$id" && echo "# removed map $id left by an earlier run"
  done
fi

# ---- 1. "Create address maps" (API tab), as on the page ---------------------------------------
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps" \
  --request POST \
  --header "X-Auth-Email: $CLOUDFLARE_EMAIL" \
  --header "X-Auth-Key: $CLOUDFLARE_API_KEY" \
  --json '{
    "description": "Example address map'"${SUFFIX}"'",
    "enabled": true,
    "ips": [
      "203.0.113.1",
      "203.0.113.2"
    ],
    "memberships": [
      {
        "identifier": "'"${ZONE_ID}"'",
        "kind": "zone"
      }
    ]
  }' >"$WORK/create1.json" 2>"$WORK/create1.err"

check "create 1: success envelope" "$WORK/create1.json" \
  'b.success === true && eq(b.errors, []) && eq(b.messages, []) && b.result !== null && typeof b.result === "object"'
check "create 1: full object with exactly the documented fields" "$WORK/create1.json" \
  'eq(Object.keys(b.result).sort(), ["can_delete","can_modify_ips","created_at","default_sni","description","enabled","id","ips","memberships","modified_at"])'
check "create 1: id is 32 lowercase hex" "$WORK/create1.json" '/^[0-9a-f]{32}$/.test(b.result.id)'
check "create 1: description, enabled, default_sni, can_delete, can_modify_ips" "$WORK/create1.json" \
  'b.result.description === env.DESC1 && b.result.enabled === true && b.result.default_sni === null && b.result.can_delete === true && b.result.can_modify_ips === true'
check "create 1: timestamps RFC 3339 UTC, modified_at >= created_at" "$WORK/create1.json" \
  'ts(b.result.created_at) && ts(b.result.modified_at) && Date.parse(b.result.modified_at) >= Date.parse(b.result.created_at)'
check "create 1: ips in order, each {ip, created_at}" "$WORK/create1.json" \
  'eq(b.result.ips.map(i => i.ip), ["203.0.113.1", "203.0.113.2"]) && b.result.ips.every(i => eq(Object.keys(i).sort(), ["created_at","ip"]) && ts(i.created_at))'
check "create 1: one zone membership for example.com" "$WORK/create1.json" \
  'b.result.memberships.length === 1 && eq(Object.keys(b.result.memberships[0]).sort(), ["can_delete","created_at","identifier","kind"]) && b.result.memberships[0].kind === "zone" && b.result.memberships[0].identifier === env.ZONE_ID && b.result.memberships[0].can_delete === true && ts(b.result.memberships[0].created_at)'
MAP1="$(jget "$WORK/create1.json" 'b.result && b.result.id')"

# ---- 2. "Spectrum HTTPS applications" default SNI, as on the page ----------------------------
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps" \
  --request POST \
  --header "X-Auth-Email: $CLOUDFLARE_EMAIL" \
  --header "X-Auth-Key: $CLOUDFLARE_API_KEY" \
  --json '{
    "description": "default_sni'"${SUFFIX}"'",
    "default_sni": "sni.example.com",
    "enabled": false,
    "ips": [
      "192.0.0.1"
    ],
    "memberships": []
  }' >"$WORK/create2.json" 2>"$WORK/create2.err"

check "create 2: success envelope" "$WORK/create2.json" \
  'b.success === true && eq(b.errors, []) && eq(b.messages, []) && b.result !== null && typeof b.result === "object"'
check "create 2: full object with exactly the documented fields" "$WORK/create2.json" \
  'eq(Object.keys(b.result).sort(), ["can_delete","can_modify_ips","created_at","default_sni","description","enabled","id","ips","memberships","modified_at"])'
check "create 2: description, default_sni, enabled false, can_delete, can_modify_ips" "$WORK/create2.json" \
  'b.result.description === env.DESC2 && b.result.default_sni === "sni.example.com" && b.result.enabled === false && b.result.can_delete === true && b.result.can_modify_ips === true && /^[0-9a-f]{32}$/.test(b.result.id)'
check "create 2: ips [192.0.0.1], memberships []" "$WORK/create2.json" \
  'eq(b.result.ips.map(i => i.ip), ["192.0.0.1"]) && ts(b.result.ips[0].created_at) && eq(b.result.memberships, [])'
MAP2="$(jget "$WORK/create2.json" 'b.result && b.result.id')"
export MAP1 MAP2

# ---- 3. Read them back ------------------------------------------------------------------------
if [[ -n "$MAP1" ]]; then
  code="$(api GET "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1" "$WORK/get1.json")"
  check_status "get 1: HTTP 200" "$code" 200
  check "get 1: details equal the create result" "$WORK/get1.json" \
    "b.success === true && eq(b.result, $(cat "$WORK/create1.json")['result'])"
fi
if [[ -n "$MAP2" ]]; then
  code="$(api GET "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP2" "$WORK/get2.json")"
  check_status "get 2: HTTP 200" "$code" 200
  check "get 2: details equal the create result" "$WORK/get2.json" \
    "b.success === true && eq(b.result, $(cat "$WORK/create2.json")['result'])"
fi

code="$(api GET "/accounts/$ACCOUNT_ID/addressing/address_maps" "$WORK/list.json")"
check_status "list: HTTP 200" "$code" 200
check "list: success envelope with an array result" "$WORK/list.json" \
  'b.success === true && eq(b.errors, []) && eq(b.messages, []) && Array.isArray(b.result)'
if [[ -n "$MAP1" ]]; then
  check "list: map 1 listed as the summary of its details" "$WORK/list.json" \
    "(() => { const full = $(cat "$WORK/create1.json")['result']; const { ips, memberships, ...summary } = full; return eq(b.result.find(m => m.id === env.MAP1), summary); })()"
fi
if [[ -n "$MAP2" ]]; then
  check "list: map 2 listed as the summary of its details" "$WORK/list.json" \
    "(() => { const full = $(cat "$WORK/create2.json")['result']; const { ips, memberships, ...summary } = full; return eq(b.result.find(m => m.id === env.MAP2), summary); })()"
fi
check "list: every item is a summary (no ips/memberships)" "$WORK/list.json" \
  'b.result.every(m => eq(Object.keys(m).sort(), ["can_delete","can_modify_ips","created_at","default_sni","description","enabled","id","modified_at"]))'

# ---- 4. Clean up: disable map 1, delete both ----------------------------------------------------
if [[ -n "$MAP1" ]]; then
  code="$(api DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1" "$WORK/del1-enabled.json")"
  check_status "delete 1 while enabled: HTTP 400" "$code" 400
  check "delete 1 while enabled: error envelope" "$WORK/del1-enabled.json" \
    'b.success === false && b.result === null && b.errors.length >= 1 && b.errors.every(e => Number.isInteger(e.code) && e.code > 1000 && e.code < 2000 && typeof e.message === "string")'

  code="$(api PATCH "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1" "$WORK/patch1.json" '{"enabled": false}')"
  check_status "patch 1 enabled:false: HTTP 200" "$code" 200
  check "patch 1: summary with enabled false, modified_at advanced" "$WORK/patch1.json" \
    "(() => { const before = $(cat "$WORK/create1.json")['result']; const r = b.result; return b.success === true && r.id === env.MAP1 && r.enabled === false && r.description === env.DESC1 && !('ips' in r) && !('memberships' in r) && r.created_at === before.created_at && ts(r.modified_at) && r.modified_at !== before.modified_at && Date.parse(r.modified_at) >= Date.parse(before.modified_at); })()"

  code="$(api DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1" "$WORK/del1.json")"
  check_status "delete 1: HTTP 200" "$code" 200
  check "delete 1: success envelope" "$WORK/del1.json" 'b.success === true && eq(b.errors, []) && (b.result === null || b.result === undefined)'
  code="$(api GET "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP1" "$WORK/get1-gone.json")"
  check_status "get 1 after delete: HTTP 404" "$code" 404
  check "get 1 after delete: code 1000" "$WORK/get1-gone.json" 'b.success === false && b.result === null && b.errors.some(e => e.code === 1000)'
fi
if [[ -n "$MAP2" ]]; then
  code="$(api DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP2" "$WORK/del2.json")"
  check_status "delete 2 (created disabled): HTTP 200" "$code" 200
  check "delete 2: success envelope" "$WORK/del2.json" 'b.success === true && eq(b.errors, []) && (b.result === null || b.result === undefined)'
fi
code="$(api GET "/accounts/$ACCOUNT_ID/addressing/address_maps" "$WORK/list-after.json")"
check_status "list after cleanup: HTTP 200" "$code" 200
check "list after cleanup: neither map is listed" "$WORK/list-after.json" \
  'b.success === true && !b.result.some(m => (env.MAP1 && m.id === env.MAP1) || (env.MAP2 && m.id === env.MAP2))'

# A map a failed check left behind must not block the next run (example.com membership).
for id in $MAP1 $MAP2; do remove_map "$id" >/dev/null 2>&1 || true; done

if [[ -s "$WORK/curl.err" ]]; then
  echo "# curl reported:"; sed 's/^/#   /' "$WORK/curl.err"
fi
echo "${passed} passed, ${failed} failed"
[[ "$failed" -eq 0 ]]
