# shellcheck shell=bash
# PostgreSQL helpers for scripts/run and scripts/test. Source this file; it defines functions
# and a few PG_* variables and runs nothing on its own.
#
#   pg_ensure_installed                       find initdb/pg_ctl (install Debian's postgresql if absent); sets PG_BIN
#   pg_free_port                              print a free TCP port on 127.0.0.1
#   pg_start_cluster [--no-fsync] DIR PORT    initdb DIR on first use, then start it on 127.0.0.1:PORT
#                                             (status 2: the server did not start, maybe the port)
#   pg_start_cluster_any_port [--no-fsync] DIR
#                                             same, on a free port (retried); sets PG_PORT
#   pg_stop_cluster DIR                       stop the cluster in DIR if it is running
#   pg_cluster_running DIR                    exit 0 when the cluster in DIR is running
#   pg_cluster_port DIR                       print the port of the running cluster in DIR
#   pg_unreachable_ancestor DIR               print the first folder above DIR that the server's
#                                             OS user cannot enter and that may not be changed
#   pg_create_database PORT NAME              create database NAME unless it exists
#   pg_recreate_database PORT NAME            drop NAME if it exists, then create it empty
#   pg_connection_string PORT NAME            print an Npgsql connection string
#
# PostgreSQL refuses to run as root. When the caller is root the server runs as the OS user
# `postgres` if it exists, else as a system user `addressmaps` created on first use; the data
# directory belongs to that user. A non-root caller runs the server as itself. That user must be
# able to enter every folder above the data directory: the search bit (o+x) is granted, with a
# notice, only on the cluster directory's parent and on folders within PG_CHMOD_WITHIN
# (colon-separated, scripts/run sets the project root); any other folder is left alone and the
# start fails, naming it.
# Authentication is `trust` on 127.0.0.1 only, database superuser `postgres`.

PG_BIN="${PG_BIN:-}"
PG_OS_USER="${PG_OS_USER:-}"
PG_PORT="${PG_PORT:-}"
PG_SUPERUSER=postgres

_pg_log() { printf '[pg] %s\n' "$*" >&2; }
_pg_die() { printf '[pg] error: %s\n' "$*" >&2; return 1; }

# Run a command as root: directly when root, through sudo when available.
_pg_as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    _pg_die "need root (or sudo) to run: $*"
  fi
}

_pg_bin_dir_ok() {
  local d=$1
  [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres && -x $d/psql ]]
}

# Sets PG_BIN to a directory holding initdb, pg_ctl, postgres and psql; returns 1 if none.
_pg_find_bin_dir() {
  if [[ -n $PG_BIN ]] && _pg_bin_dir_ok "$PG_BIN"; then
    return 0
  fi
  local found dir
  # initdb on PATH (Debian does not put it there; /usr/local/bin may link to it).
  if found=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$found")")
    if _pg_bin_dir_ok "$dir"; then
      PG_BIN=$dir
      return 0
    fi
  fi
  # Debian/Ubuntu layout, newest major version first.
  local candidates
  candidates=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r || true)
  while IFS= read -r dir; do
    [[ -n $dir ]] || continue
    if _pg_bin_dir_ok "$dir"; then
      PG_BIN=$dir
      return 0
    fi
  done <<<"$candidates"
  return 1
}

pg_ensure_installed() {
  if _pg_find_bin_dir; then
    return 0
  fi
  _pg_log "PostgreSQL server binaries not found; installing Debian's postgresql package"
  _pg_as_root apt-get update
  _pg_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
  _pg_find_bin_dir || _pg_die "postgresql installed but initdb/pg_ctl still not found"
}

pg_free_port() {
  local port
  if command -v python3 >/dev/null 2>&1 &&
    port=$(python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null) &&
    [[ $port =~ ^[0-9]+$ ]]; then
    printf '%s\n' "$port"
    return 0
  fi
  # Fallback: probe random ports; a refused connection means nobody listens there.
  local _
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  _pg_die "no free TCP port found on 127.0.0.1"
}

# The OS user that runs (or will run) the cluster in DIR; creates `addressmaps` if needed.
_pg_os_user_for() {
  local dir=$1 owner
  if [[ $(id -u) -ne 0 ]]; then
    id -un
    return 0
  fi
  if [[ -f $dir/PG_VERSION ]]; then
    owner=$(stat -c %U "$dir")
    if [[ $owner != root && $owner != UNKNOWN ]]; then
      printf '%s\n' "$owner"
      return 0
    fi
  fi
  if [[ -n $PG_OS_USER ]] && id -u "$PG_OS_USER" >/dev/null 2>&1; then
    printf '%s\n' "$PG_OS_USER"
  elif id -u postgres >/dev/null 2>&1; then
    echo postgres
  else
    if ! id -u addressmaps >/dev/null 2>&1; then
      _pg_log "creating system user 'addressmaps' to run PostgreSQL"
      if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
          --shell /usr/sbin/nologin addressmaps >&2
      else
        adduser --system --group --no-create-home --home /nonexistent addressmaps >&2
      fi
    fi
    echo addressmaps
  fi
}

# Run a command as the cluster's OS user, from / so that an unreadable cwd does not matter.
_pg_as_user() {
  local user=$1
  shift
  if [[ $(id -u) -eq 0 && $user != root ]]; then
    (cd / && runuser -u "$user" -- "$@")
  else
    (cd / && "$@")
  fi
}

# Ancestors of DIR (a cluster directory) that USER cannot enter, from / downwards, one a line.
_pg_blocked_ancestors() {
  local user=$1 dir ancestors=() i
  dir=$(dirname "$2")
  while [[ -n $dir && $dir != / ]]; do
    ancestors+=("$dir")
    dir=$(dirname "$dir")
  done
  for ((i = ${#ancestors[@]} - 1; i >= 0; i--)); do
    if ! _pg_as_user "$user" test -x "${ancestors[i]}"; then
      printf '%s\n' "${ancestors[i]}"
    fi
  done
}

# Whether FOLDER may be given the search bit: the cluster directory's own parent (the data
# folder the caller chose, which holds nothing else of the system) or a folder at or under one
# of PG_CHMOD_WITHIN (colon-separated; scripts/run: the project root).
_pg_may_chmod() {
  local folder=$1 cluster_dir=$2 root roots
  [[ $folder == "$(dirname "$cluster_dir")" ]] && return 0
  IFS=: read -r -a roots <<<"${PG_CHMOD_WITHIN:-}"
  for root in "${roots[@]}"; do
    [[ -n $root && ($folder == "$root" || $folder == "$root"/*) ]] && return 0
  done
  return 1
}

# The first ancestor of DIR that USER cannot enter and that may not be changed (see
# _pg_may_chmod); prints nothing when DIR can be reached, or made reachable.
pg_unreachable_ancestor() {
  local dir=$1 user blocked folder
  user=$(_pg_os_user_for "$dir") || return 1
  blocked=$(_pg_blocked_ancestors "$user" "$dir")
  while IFS= read -r folder; do
    if [[ -n $folder ]] && ! _pg_may_chmod "$folder" "$dir"; then
      printf '%s\n' "$folder"
      return 0
    fi
  done <<<"$blocked"
}

# Make every ancestor of DIR searchable by USER (search bit only, never read or write), saying
# so for each folder changed. Only folders that _pg_may_chmod allows are changed: any other that
# USER cannot enter stops here, naming it and what to do, and nothing is changed at all.
_pg_ensure_traversable() {
  local user=$1 dir=$2 blocked folder
  blocked=$(_pg_blocked_ancestors "$user" "$dir")
  [[ -n $blocked ]] || return 0
  while IFS= read -r folder; do
    if ! _pg_may_chmod "$folder" "$dir"; then
      _pg_die "PostgreSQL runs as '$user' (it refuses to run as root), and '$user' cannot enter $folder; choose a data folder it can reach (ADDRESSMAPS_DATA_DIR), or allow it yourself (chmod o+x $folder)"
      return 1
    fi
  done <<<"$blocked"
  while IFS= read -r folder; do
    _pg_log "notice: granting search permission (chmod o+x) on $folder so that '$user' can reach the data directory"
    chmod o+x "$folder" || return 1
  done <<<"$blocked"
}

_pg_sh_quote() {
  local s=$1
  printf "'%s'" "${s//\'/\'\\\'\'}"
}

_pg_locale() {
  if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    echo C.UTF-8
  else
    echo C
  fi
}

pg_start_cluster() {
  local no_fsync=false
  if [[ ${1:-} == --no-fsync ]]; then
    no_fsync=true
    shift
  fi
  [[ $# -eq 2 ]] || _pg_die "usage: pg_start_cluster [--no-fsync] DATADIR PORT" || return 1
  local dir=$1 port=$2
  [[ $port =~ ^[0-9]+$ ]] || _pg_die "bad port: $port" || return 1
  _pg_find_bin_dir || _pg_die "PostgreSQL not found; call pg_ensure_installed first" || return 1

  mkdir -p "$dir" || return 1
  dir=$(cd "$dir" && pwd -P) || return 1
  local user
  user=$(_pg_os_user_for "$dir") || return 1
  PG_OS_USER=$user
  if [[ $(id -u) -eq 0 && $user != root ]]; then
    _pg_ensure_traversable "$user" "$dir" || return 1
    if [[ ! -f $dir/PG_VERSION ]]; then
      chown -R "$user:" "$dir" || return 1
    fi
  fi
  chmod 700 "$dir" || return 1

  if [[ ! -f $dir/PG_VERSION ]]; then
    _pg_log "initialising a new cluster in $dir (OS user $user)"
    local out
    if ! out=$(_pg_as_user "$user" "$PG_BIN/initdb" -D "$dir" --auth=trust \
      --username="$PG_SUPERUSER" -E UTF8 --locale="$(_pg_locale)" 2>&1); then
      printf '%s\n' "$out" >&2
      _pg_die "initdb failed"
      return 1
    fi
  fi

  # Unix socket in the data directory when the path fits in sun_path (107 bytes), else TCP only.
  local sockdir=$dir
  if ((${#dir} + 20 > 100)); then
    sockdir=''
  fi
  local opts
  opts="-p $port -k $(_pg_sh_quote "$sockdir") -c listen_addresses=127.0.0.1"
  if [[ $no_fsync == true ]]; then
    # Throwaway test clusters only: a crash can corrupt such a cluster.
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  local logfile=$dir/server.log
  if ! _pg_as_user "$user" "$PG_BIN/pg_ctl" -D "$dir" -l "$logfile" -w -t 120 -s -o "$opts" start; then
    tail -n 30 "$logfile" >&2 || true
    _pg_die "PostgreSQL did not start (data dir $dir, port $port)"
    return 2
  fi
  PG_PORT=$port
  _pg_log "PostgreSQL running: data dir $dir, port $port, OS user $user"
}

pg_start_cluster_any_port() {
  local flag=()
  if [[ ${1:-} == --no-fsync ]]; then
    flag=(--no-fsync)
    shift
  fi
  local dir=$1 port attempt status
  for attempt in 1 2 3; do
    port=$(pg_free_port) || return 1
    status=0
    pg_start_cluster "${flag[@]}" "$dir" "$port" || status=$?
    if [[ $status -eq 0 ]]; then
      return 0
    elif [[ $status -ne 2 ]]; then
      return "$status" # not the port's fault (a folder it cannot reach, initdb): no retry
    fi
    _pg_log "start attempt $attempt on port $port failed"
  done
  _pg_die "could not start PostgreSQL in $dir"
}

pg_cluster_running() {
  local dir=$1
  [[ -f $dir/PG_VERSION && -f $dir/postmaster.pid ]] || return 1
  _pg_find_bin_dir || return 1
  _pg_as_user "$(_pg_os_user_for "$dir")" "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1
}

pg_cluster_port() {
  # Line 4 of postmaster.pid is the port.
  sed -n 4p "$1/postmaster.pid"
}

pg_stop_cluster() {
  local dir=$1
  if ! pg_cluster_running "$dir"; then
    return 0
  fi
  _pg_as_user "$(_pg_os_user_for "$dir")" "$PG_BIN/pg_ctl" -D "$dir" -m fast -w -t 60 -s stop
}

_pg_psql() {
  local port=$1
  shift
  _pg_find_bin_dir || return 1
  PGCONNECT_TIMEOUT=10 PGOPTIONS='-c client_min_messages=warning' \
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$PG_SUPERUSER" -d postgres "$@"
}

_pg_check_name() {
  [[ $1 =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || _pg_die "bad database name: $1"
}

pg_create_database() {
  local port=$1 name=$2 exists
  _pg_check_name "$name" || return 1
  exists=$(_pg_psql "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'") || return 1
  if [[ $exists != 1 ]]; then
    _pg_psql "$port" -c "CREATE DATABASE \"$name\" ENCODING 'UTF8' TEMPLATE template0"
  fi
}

pg_recreate_database() {
  local port=$1 name=$2
  _pg_check_name "$name" || return 1
  _pg_psql "$port" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
  _pg_psql "$port" -c "CREATE DATABASE \"$name\" ENCODING 'UTF8' TEMPLATE template0"
}

# pg_run_sql PORT DATABASE SQL: one statement as the superuser, quietly.
pg_run_sql() {
  _pg_check_name "$2" || return 1
  _pg_psql "$1" -d "$2" -c "$3" >/dev/null
}

pg_connection_string() {
  # Trust authentication: the password is ignored, but Npgsql and tools expect one.
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=postgres\n' "$1" "$2" "$PG_SUPERUSER"
}
