# shellcheck shell=bash
# The steps of scripts/run (source this file after pg.sh; it defines functions and runs nothing):
#
#   run_say LINE...           print a line; a closed output ends the script (status 141)
#   run_fail MESSAGE          print "error: MESSAGE" on stderr and exit 1
#   run_start_postgres        PostgreSQL from ConnectionStrings__AddressMaps, or a cluster of our own
#   run_build_if_needed       dotnet build when the build output is missing or older than the sources
#   run_api                   run the built API in the foreground until it exits; exits with its status
#   run_cleanup               EXIT trap: stop the API, then the PostgreSQL this script started
#   run_on_stop_signal        INT/TERM trap: ask the API to stop (a clean stop exits 0)
#
# Reads api_port and repo_root from the caller.

run_t0=${EPOCHREALTIME//[.,]/}
run_api_pid=""
run_ready_pid=""
run_started_pg_dir=""
run_stop_requested=false
run_work_dir=""
run_api_dir=src/AddressMaps.Api/bin/Release/net10.0
run_api_dll=$run_api_dir/AddressMaps.Api.dll

# Seconds since the script started, one decimal.
run_elapsed() {
  local us=$((${EPOCHREALTIME//[.,]/} - run_t0))
  printf '%d.%d s' $((us / 1000000)) $((us % 1000000 / 100000))
}

run_say() {
  printf '%s\n' "$*" 2>/dev/null || exit 141
}

run_fail() {
  printf 'error: %s\n' "$*" >&2 2>/dev/null || true
  exit 1
}

# shellcheck disable=SC2317  # reached through the EXIT trap
run_cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n $run_ready_pid ]]; then
    kill "$run_ready_pid" 2>/dev/null || true
  fi
  if [[ -n $run_api_pid ]] && kill -0 "$run_api_pid" 2>/dev/null; then
    printf 'stopping the API\n' >&2 2>/dev/null || true
    # It runs in its own process group; nobody reads its output any more, and its writes fail
    # quietly (.NET ignores a closed pipe).
    exec 3<&- 2>/dev/null || true
    kill -TERM -- "-$run_api_pid" 2>/dev/null || kill -TERM "$run_api_pid" 2>/dev/null || true
    run_wait_api 150 || true
  fi
  if [[ -n $run_started_pg_dir ]]; then
    printf 'stopping PostgreSQL (%s)\n' "$run_started_pg_dir" >&2 2>/dev/null || true
    pg_stop_cluster "$run_started_pg_dir" >/dev/null 2>&1 || true
  fi
  [[ -z $run_work_dir ]] || rm -rf "$run_work_dir"
  exit "$status"
}

# Waits at most TENTHS tenths of a second for the API to exit, then kills it; its status in
# run_api_status.
run_wait_api() {
  local tenths=$1 i
  for ((i = 0; i < tenths; i++)); do
    kill -0 "$run_api_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$run_api_pid" 2>/dev/null || true
  run_api_status=0
  wait "$run_api_pid" 2>/dev/null || run_api_status=$?
  run_api_pid=""
}

# shellcheck disable=SC2317  # reached through the INT/TERM traps
run_on_stop_signal() {
  run_stop_requested=true
  if [[ -n $run_api_pid ]]; then
    kill -TERM -- "-$run_api_pid" 2>/dev/null || kill -TERM "$run_api_pid" 2>/dev/null || true
  else
    exit 0
  fi
}

# The data folder to use: ADDRESSMAPS_DATA_DIR, else .data/ in the project, unless the server's OS
# user (run as root: 'postgres') cannot enter a folder above it that is not the project's own:
# then /var/lib/addressmaps/<project>, said so. An explicit ADDRESSMAPS_DATA_DIR out of its reach
# is an error, and no permission is changed.
run_data_dir() {
  local dir=${ADDRESSMAPS_DATA_DIR:-$repo_root/.data} blocked
  mkdir -p "$dir" || run_fail "cannot create the data folder $dir; set ADDRESSMAPS_DATA_DIR to a folder you can write"
  dir=$(cd "$dir" && pwd -P)
  blocked=$(pg_unreachable_ancestor "$dir/pg") || run_fail "cannot prepare the PostgreSQL user for $dir"
  if [[ -n $blocked && -z ${ADDRESSMAPS_DATA_DIR:-} ]]; then
    local fallback
    fallback=/var/lib/addressmaps/$(basename "$repo_root")-$(printf '%s' "$repo_root" | cksum | cut -d' ' -f1)
    run_say "notice: PostgreSQL runs as '$(_pg_os_user_for "$dir/pg")' (it refuses root), which cannot enter $blocked; its data goes to $fallback instead (ADDRESSMAPS_DATA_DIR chooses another place; no permission is changed)" >&2
    mkdir -p "$fallback" || run_fail "cannot create $fallback; set ADDRESSMAPS_DATA_DIR to a folder PostgreSQL can reach"
    dir=$fallback
    blocked=$(pg_unreachable_ancestor "$dir/pg") || true
  fi
  if [[ -n $blocked ]]; then
    run_fail "PostgreSQL runs as '$(_pg_os_user_for "$dir/pg")' (it refuses root), which cannot enter $blocked, above the data folder $dir; set ADDRESSMAPS_DATA_DIR to a folder it can reach, or allow it yourself (chmod o+x $blocked)"
  fi
  printf '%s\n' "$dir"
}

run_start_postgres() {
  if [[ -n ${ConnectionStrings__AddressMaps:-} ]]; then
    run_say "PostgreSQL:      ConnectionStrings__AddressMaps from the environment; no cluster started"
    return 0
  fi
  pg_ensure_installed || run_fail "PostgreSQL is not installed and could not be installed; install Debian's postgresql package, or set ConnectionStrings__AddressMaps"
  local data_dir pg_dir pg_port
  data_dir=$(run_data_dir)
  pg_dir=$data_dir/pg
  if pg_cluster_running "$pg_dir"; then
    pg_port=$(pg_cluster_port "$pg_dir")
    run_say "PostgreSQL:      already running in $pg_dir; using it and leaving it running"
  else
    run_say "PostgreSQL:      starting the cluster in $pg_dir$([[ -f $pg_dir/PG_VERSION ]] || echo ' (new: initdb first)')..."
    # Set before the start, so that an interrupted start is stopped too.
    run_started_pg_dir=$pg_dir
    pg_start_cluster_any_port "$pg_dir" 2>&1 | run_forward_stderr ||
      run_fail "PostgreSQL did not start in $pg_dir (its log: $pg_dir/server.log)"
    pg_port=$(pg_cluster_port "$pg_dir")
  fi
  pg_create_database "$pg_port" addressmaps || run_fail "cannot create the database addressmaps on 127.0.0.1:$pg_port"
  ConnectionStrings__AddressMaps=$(pg_connection_string "$pg_port" addressmaps)
  export ConnectionStrings__AddressMaps
  run_say "PostgreSQL:      127.0.0.1:$pg_port, data $pg_dir (OS user $(stat -c %U "$pg_dir")), $(run_elapsed)"
  run_say "Connection:      $ConnectionStrings__AddressMaps"
}

# Copies stdin to stderr, line by line; a closed stderr ends the script.
run_forward_stderr() {
  local line
  while IFS= read -r line; do
    printf '%s\n' "$line" >&2 2>/dev/null || exit 141
  done
}

# The built output is run, not `dotnet run`, which rebuilds on every start; the build runs only
# when a source file is newer than the built API.
run_build_if_needed() {
  local project=src/AddressMaps.Api newer
  if [[ -f $run_api_dll ]]; then
    newer=$(find "$project" Directory.Build.props Directory.Packages.props \
      \( -path "$project/bin" -o -path "$project/obj" \) -prune -o -type f -newer "$run_api_dll" -print -quit)
    [[ -n $newer ]] || return 0
    run_say "Building:        the sources changed since the last build ($newer, ...): dotnet build -c Release..."
  else
    run_say "Building:        first start, no build yet (dotnet build -c Release, about half a minute)..."
  fi
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/addressmaps-build.XXXXXX")
  # Without the analyzers and the code-style checks (the tests' build runs them): a first start on
  # a fresh clone built in 38 s with them and 24 s without (issue 13: first start <= 45 s).
  if ! dotnet build "$project" -c Release -nologo -v quiet -p:RunAnalyzers=false >"$log" 2>&1; then
    grep -E 'error|Error' "$log" | sort -u | head -n 20 >&2 2>/dev/null || true
    rm -f "$log"
    run_fail "the build failed (errors above); fix them, or run: dotnet build $project -c Release"
  fi
  rm -f "$log"
  # The build may leave the dll's time unchanged when nothing it compiles changed.
  touch "$run_api_dll"
  run_say "Built:           $(run_elapsed)"
}

# Whether the API answers 200 on /_emulator/ready (bash's /dev/tcp: no curl needed).
# shellcheck disable=SC2154  # api_port: set by scripts/run
run_api_ready() {
  local line=""
  exec 4<>"/dev/tcp/127.0.0.1/$api_port" || return 1
  printf 'GET /_emulator/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&4 || true
  IFS= read -r -t 2 line <&4 || true
  exec 4<&-
  [[ $line == "HTTP/1."?" 200"* ]]
}

# In the background: the ready line once the API answers 200 (at most 180 s, while it runs).
run_watch_ready() {
  local i
  for ((i = 0; i < 1800; i++)); do
    kill -0 "$run_api_pid" 2>/dev/null || return 0
    if run_api_ready 2>/dev/null; then
      run_say "ready: http://127.0.0.1:$api_port/client/v4 answers, $(run_elapsed) after scripts/run started (Ctrl-C to stop)"
      return 0
    fi
    sleep 0.1
  done
  run_say "warning: the API does not answer 200 on /_emulator/ready after 180 s (its log is above)" >&2
}

# Runs the API in its own process group (so that the traps can stop all of it), its output
# forwarded line by line through a FIFO, so that a closed output is noticed and stops it; stdin
# from /dev/null. Started from its output folder (content root = where Seed/ is), as in the image.
run_api() {
  run_work_dir=$(mktemp -d "${TMPDIR:-/tmp}/addressmaps-run.XXXXXX")
  mkfifo "$run_work_dir/output"
  set -m
  # Issue 13: the JIT writes its code without W^X double mapping (a start to the first 200 is
  # mostly JIT): 2.69/2.96 s -> 2.41/2.65 s, alternating starts. An emulator on loopback.
  (cd "$run_api_dir" && DOTNET_EnableWriteXorExecute=${DOTNET_EnableWriteXorExecute:-0} exec dotnet AddressMaps.Api.dll --urls "http://127.0.0.1:$api_port") \
    </dev/null >"$run_work_dir/output" 2>&1 &
  run_api_pid=$!
  set +m
  exec 3<"$run_work_dir/output"
  run_watch_ready &
  run_ready_pid=$!
  local line status
  while :; do
    if IFS= read -r line <&3; then
      printf '%s\n' "$line" 2>/dev/null || exit 141
      continue
    fi
    status=$?
    # A trapped signal interrupts read (status > 128): the trap has asked the API to stop.
    ((status > 128)) && continue
    [[ -z $line ]] || printf '%s\n' "$line" 2>/dev/null || exit 141
    break
  done
  exec 3<&-
  run_wait_api 150
  if [[ $run_stop_requested == true && $run_api_status =~ ^(0|130|143)$ ]]; then
    run_api_status=0
  fi
  exit "$run_api_status"
}
