#!/usr/bin/env bash
# Every sub-resource and prefix operation with plain curl, in the style of Cloudflare's docs
# (X-Auth-Email/X-Auth-Key and a bearer token): PUT/DELETE of an IP, a zone membership and an
# account membership, the prefix list and details, and the token check; answers checked with node.
#
# Usage: ADDRESSMAPS_BASE_URL=http://127.0.0.1:8780 bash tests/curl/operations.sh
# Last line: "N passed, M failed"; exit 1 if M > 0.
set -uo pipefail

# shellcheck source=tests/curl/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

demo_seed CLOUDFLARE_API_TOKEN="token:Demo BYOIP: Address Maps Write + IP Prefixes Read" ZONE_ID=zone:shop.example
export ZONE_ID

# One call, with one of the docs' two credential styles
# (key: X-Auth-Email + X-Auth-Key; token: a bearer token). Saves the body to $WORK/OUT.json
# and prints the HTTP status.
#   call METHOD PATH OUT key|token [BODY]
call() {
  local method=$1 path=$2 out=$3 style=$4 body=${5-}
  local auth=(--header "Authorization: Bearer $CLOUDFLARE_API_TOKEN")
  [[ $style == key ]] && auth=(--header "X-Auth-Email: $CLOUDFLARE_EMAIL" --header "X-Auth-Key: $CLOUDFLARE_API_KEY")
  local data=()
  [[ -n $body ]] && data=(--json "$body")
  curl "$BASE/client/v4${path}" -s -o "$WORK/$out.json" -w '%{http_code}' \
    --request "$method" "${auth[@]}" "${data[@]}"
}

# A map to work on (disabled, so that it can be deleted at the end).
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps" --request POST \
  --header "X-Auth-Email: $CLOUDFLARE_EMAIL" \
  --header "X-Auth-Key: $CLOUDFLARE_API_KEY" \
  --json '{"description": "curl operations run"}' >"$WORK/map.json" 2>/dev/null
check "create: success" "$WORK/map.json" 'b.success === true && /^[0-9a-f]{32}$/.test(b.result.id)'
MAP_ID="$(jget "$WORK/map.json" 'b.result && b.result.id')"

# --- IPs ----------------------------------------------------------------------------------------
code=$(call PUT "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/ips/2001:DB8:0:0::10" ip-put key)
check_status "PUT ip: HTTP 200" "$code" 200
check "PUT ip: success envelope" "$WORK/ip-put.json" 'b.success === true && eq(b.errors, [])'
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID" -s --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN" >"$WORK/after-ip.json"
check "PUT ip: stored in canonical form" "$WORK/after-ip.json" 'eq(b.result.ips.map(i => i.ip), ["2001:db8::10"])'

code=$(call PUT "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/ips/10.0.0.1" ip-bad token)
check_status "PUT ip outside the prefixes: HTTP 400" "$code" 400
check "PUT ip outside the prefixes: code 1007 naming it" "$WORK/ip-bad.json" 'b.success === false && b.errors[0].code === 1007 && b.errors[0].message.includes("10.0.0.1")'

code=$(call DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/ips/2001:db8::10" ip-del token)
check_status "DELETE ip: HTTP 200" "$code" 200
code=$(call DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/ips/2001:db8::10" ip-del2 token)
check_status "DELETE ip again: HTTP 404" "$code" 404
check "DELETE ip again: code 1000" "$WORK/ip-del2.json" 'b.errors[0].code === 1000'

# --- zone membership ----------------------------------------------------------------------------
code=$(call PUT "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/zones/$ZONE_ID" zone-put key '{}')
check_status "PUT zone: HTTP 200" "$code" 200
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID" -s --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN" >"$WORK/after-zone.json"
check "PUT zone: membership listed" "$WORK/after-zone.json" 'b.result.memberships.length === 1 && b.result.memberships[0].kind === "zone" && b.result.memberships[0].identifier === env.ZONE_ID'
code=$(call DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/zones/$ZONE_ID" zone-del token)
check_status "DELETE zone: HTTP 200" "$code" 200

# --- account membership -------------------------------------------------------------------------
code=$(call PUT "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/accounts/$ACCOUNT_ID" acct-put token)
check_status "PUT account: HTTP 200" "$code" 200
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID" -s --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN" >"$WORK/after-acct.json"
check "PUT account: membership listed" "$WORK/after-acct.json" 'b.result.memberships.length === 1 && b.result.memberships[0].kind === "account" && b.result.memberships[0].identifier === env.ACCOUNT_ID'
code=$(call DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID/accounts/$ACCOUNT_ID" acct-del key)
check_status "DELETE account: HTTP 200" "$code" 200

# --- prefixes -----------------------------------------------------------------------------------
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/prefixes" -s \
  --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN" >"$WORK/prefixes.json"
check "GET prefixes: the four approved demo prefixes" "$WORK/prefixes.json" \
  'b.success === true && eq(b.result.map(p => p.cidr).sort(), ["192.0.0.0/24", "198.51.100.0/24", "2001:db8::/32", "203.0.113.0/24"]) && b.result.every(p => p.approved === "V" && p.account_id === env.ACCOUNT_ID)'
PREFIX_ID="$(jget "$WORK/prefixes.json" 'b.result && b.result[0].id')"
curl "$BASE/client/v4/accounts/$ACCOUNT_ID/addressing/prefixes/$PREFIX_ID" -s \
  --header "X-Auth-Email: $CLOUDFLARE_EMAIL" --header "X-Auth-Key: $CLOUDFLARE_API_KEY" >"$WORK/prefix.json"
check "GET prefix: details of the first" "$WORK/prefix.json" "b.success === true && b.result.id === '$PREFIX_ID'"

# --- token check ----------------------------------------------------------------------------------
curl "$BASE/client/v4/user/tokens/verify" -s --header "Authorization: Bearer $CLOUDFLARE_API_TOKEN" >"$WORK/verify.json"
check "GET tokens/verify: active" "$WORK/verify.json" 'b.success === true && b.result.status === "active" && /^[0-9a-f]{32}$/.test(b.result.id)'

# --- clean up -------------------------------------------------------------------------------------
code=$(call DELETE "/accounts/$ACCOUNT_ID/addressing/address_maps/$MAP_ID" delete token)
check_status "DELETE map: HTTP 200" "$code" 200

echo "${passed} passed, ${failed} failed"
[[ $failed -eq 0 ]]
