#!/usr/bin/env bash
# scripts/bench's reading of wrk (scripts/lib/wrk.sh), on wrk outputs as wrk prints them:
#   a full output becomes its row (req/s, p50, p99 in ms, non-2xx, socket errors);
#   a latency percentile printed as 0.00us (wrk does, now and then, with pipelined requests:
#     a p99 under the p50, under the mean, a measurement that did not happen) is not a row, so
#     the bench measures again rather than passing a p99 of 0;
#   the p99 verdict passes only a measured p99 under 50 ms with no errors, and a single-client
#     latency passes its limit only when it was measured.
# Prints `N passed, M failed` last.
set -uo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=scripts/lib/wrk.sh
source "$repo_root/scripts/lib/wrk.sh" || { echo "not ok - scripts/lib/wrk.sh can be sourced"; echo "0 passed, 1 failed"; exit 1; }
passed=0
failed=0
expect() { # name expected actual
  if [[ $2 == "$3" ]]; then
    passed=$((passed + 1))
    echo "ok - $1"
  else
    failed=$((failed + 1))
    echo "not ok - $1: expected '$2', got '$3'"
  fi
}

wrk_output() { # p99 [extra line]
  cat <<OUT
Running 8s test @ http://127.0.0.1:8801/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    54.35ms   16.88ms 164.25ms   71.98%
    Req/Sec   526.90     85.14   732.00     73.33%
  Latency Distribution
     50%   55.30ms
     75%   67.93ms
     90%   86.53ms
     99%   $1
  6346 requests in 6.06s, 1.83MB read
${2:-}
Requests/sec:   1047.00
Transfer/sec:    308.78KB
OUT
}

expect "a full output is its row" "1047.00 55.30 93.10 0 0" "$(wrk_output 93.10ms | wrk_row)"
expect "microseconds and seconds are read as ms" "1047.00 55.30 1250.00 0 0" "$(wrk_output 1.25s | wrk_row)"
expect "non-2xx answers and socket errors are counted" "1047.00 55.30 93.10 17 5" \
  "$(wrk_output 93.10ms "  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 17" | wrk_row)"
expect "a p99 printed as 0.00us is no row" "" "$(wrk_output 0.00us | wrk_row)"
expect "a p99 under the p50 is no row" "" "$(wrk_output 12.00ms | wrk_row)"
expect "an output without a latency distribution is no row" "" "$(printf 'Requests/sec: 10.0\n' | wrk_row)"
expect "one latency: 850.00us is 0.85 ms" 0.85 "$(wrk_ms 850.00us)"
expect "one latency: 1.20ms is 1.20 ms" 1.20 "$(wrk_ms 1.20ms)"
expect "one latency: 1.05s is 1050.00 ms" 1050.00 "$(wrk_ms 1.05s)"
expect "p99 verdict: 49.9 ms, no errors passes" 1 "$(p99_ok 49.90 0 0)"
expect "p99 verdict: 50 ms fails" 0 "$(p99_ok 50.00 0 0)"
expect "p99 verdict: a p99 of 0 (not measured) fails" 0 "$(p99_ok 0.00 0 0)"
expect "p99 verdict: 'n/a' (not measured) fails" 0 "$(p99_ok n/a 0 0)"
expect "p99 verdict: a non-2xx answer fails" 0 "$(p99_ok 10.00 1 0)"
expect "p99 verdict: a socket error fails" 0 "$(p99_ok 10.00 0 1)"

expect "under a limit: 0.39 ms under 0.4 passes" 1 "$(measured_below 0.39 0.4)"
expect "under a limit: 0.40 ms under 0.4 fails" 0 "$(measured_below 0.40 0.4)"
expect "under a limit: a latency wrk did not print (-1.00) fails" 0 "$(measured_below "$(wrk_ms "")" 0.4)"
expect "under a limit: 0 (not measured) fails" 0 "$(measured_below 0.00 0.4)"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
