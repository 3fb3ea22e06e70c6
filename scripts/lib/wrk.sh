# wrk's output, read for scripts/bench (tested by tests/scripts/bench-wrk.sh).

# awk: one latency as wrk prints it (850.00us, 1.20ms, 1.05s) → ms; -1 for anything else.
wrk_ms_awk='function ms(v) { n = v + 0; if (v ~ /us$/) return n / 1000; if (v ~ /ms$/) return n; if (v ~ /s$/) return n * 1000; return -1 }'

# One latency as wrk prints it → ms, two decimals.
wrk_ms() {
  awk -v v="$1" "$wrk_ms_awk"' BEGIN {printf "%.2f", ms(v)}'
}

# wrk --latency output on stdin → "req/s p50_ms p99_ms non2xx socket_errors", or nothing when
# the latency distribution is missing or not a measurement: wrk now and then prints a percentile
# as 0.00us with pipelined requests (its p99 then falls under its p50), and such a p99 must be
# measured again, never read as 0 ms.
wrk_row() {
  awk "$wrk_ms_awk"'
    /Requests\/sec/ {rps = $2}
    /^ +50%/ {p50 = ms($2)} /^ +99%/ {p99 = ms($2)}
    /Non-2xx/ {non2xx = $NF}
    /Socket errors/ {gsub(",", ""); sock = $4 + $6 + $8 + $10}
    END {
      if (rps == "" || p50 <= 0 || p99 <= 0 || p99 < p50) exit
      printf "%s %.2f %.2f %d %d\n", rps, p50, p99, non2xx, sock
    }'
}

# measured_below ms limit → 1 when the latency was measured (a number above 0) and is under the
# limit, else 0: a figure wrk did not print (wrk_ms gives -1) or printed as 0 never passes.
measured_below() {
  awk -v v="$1" -v limit="$2" 'BEGIN {print (v ~ /^[0-9.]+$/ && v > 0 && v < limit) ? 1 : 0}'
}

# p99_ok p99_ms non2xx socket_errors → 1 when the p99 was measured and is under 50 ms with no
# non-2xx answer and no socket error, else 0.
p99_ok() {
  if [[ $(measured_below "$1" 50) == 1 && $2 == 0 && $3 == 0 ]]; then echo 1; else echo 0; fi
}
