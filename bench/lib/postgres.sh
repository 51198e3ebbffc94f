#!/usr/bin/env bash
# bench/lib/postgres.sh: finds or starts the PostgreSQL the benchmark uses, on 127.0.0.1
# only: the one on BENCH_PGPORT if it answers, else a Debian cluster (started, and stopped
# again at exit), else a private cluster under bench/.work/pg. Exports PGHOST, PGPORT and
# PGUSER for psql and pgbench, sets PG_VERSION, and gives sql() to run statements.
# Sourced after bench/lib/common.sh and bench/lib/tools.sh.

set -euo pipefail

PG_STARTED=""        # "debian <version> <cluster>" or "private <bin dir>"

# Runs a PostgreSQL server program as the owner of its data: initdb refuses root.
as_pg_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

wait_pg_ready() {
  local i
  for ((i = 0; i < 600; i++)); do
    pg_isready -q -h 127.0.0.1 -p "$1" && return 0
    sleep 0.1
  done
  return 1
}

# shellcheck disable=SC2317  # reached through the exit hooks
stop_postgres() {
  [[ -n $PG_STARTED ]] || return 0
  local kind a b
  read -r kind a b <<<"$PG_STARTED"
  PG_STARTED=""
  case "$kind" in
    debian)
      log "stopping PostgreSQL cluster $a/$b (started by this run)"
      pg_ctlcluster --skip-systemctl-redirect "$a" "$b" stop || true
      ;;
    private)
      log "stopping the private PostgreSQL (started by this run)"
      as_pg_owner "$a/pg_ctl" -D "$WORK_DIR/pg" -m fast -w stop >/dev/null || true
      ;;
  esac
}

start_private_cluster() {
  local bin dir=$WORK_DIR/pg port
  bin=$(pg_bin_dir initdb) || { apt_install postgresql; bin=$(pg_bin_dir initdb) || die "no initdb after installing postgresql"; }
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "user postgres missing: it owns the private cluster"
  fi
  if [[ ! -s $dir/PG_VERSION ]]; then
    log "creating a private PostgreSQL cluster in $dir ($bin/initdb)"
    rm -rf "$dir"
    mkdir -p "$dir"
    ((EUID != 0)) || chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg_owner "$bin/initdb" -D "$dir" -U "$PGUSER" -A trust -E UTF8 --locale=C >"$WORK_DIR/initdb.log" 2>&1 ||
      { tail -n 20 "$WORK_DIR/initdb.log" >&2; die "initdb failed"; }
  fi
  port=$(free_port 54329)
  log "starting the private PostgreSQL on 127.0.0.1:$port"
  on_exit stop_postgres
  as_pg_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 120 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" start >/dev/null ||
    { tail -n 20 "$dir/server.log" >&2; die "the private PostgreSQL did not start"; }
  PG_STARTED="private $bin"
  PGPORT=$port
}

setup_postgres() {
  PGUSER=${BENCH_PGUSER:-postgres}
  PGPORT=${BENCH_PGPORT:-5432}
  export PGHOST=127.0.0.1 PGUSER PGPORT
  unset PGHOSTADDR PGSERVICE PGDATABASE PGOPTIONS

  if [[ -z ${BENCH_PRIVATE_PG:-} ]] && pg_isready -q -h 127.0.0.1 -p "$PGPORT"; then
    log "reusing the PostgreSQL on 127.0.0.1:$PGPORT"
  elif [[ -z ${BENCH_PRIVATE_PG:-} ]] && command -v pg_lsclusters >/dev/null &&
    [[ -n $(pg_lsclusters -h 2>/dev/null) ]]; then
    # a Debian cluster: the one on BENCH_PGPORT if any, else the first one
    local ver name port status line
    line=$(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p { print; exit }')
    [[ -n $line ]] || line=$(pg_lsclusters -h | head -n 1)
    read -r ver name port status _ <<<"$line"
    if [[ $status == online* ]]; then
      log "reusing Debian cluster $ver/$name, online on port $port"
    else
      log "starting Debian cluster $ver/$name on port $port (stopped again at exit)"
      on_exit stop_postgres
      pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start ||
        die "could not start cluster $ver/$name"
      PG_STARTED="debian $ver $name"
    fi
    PGPORT=$port
  else
    start_private_cluster
  fi
  wait_pg_ready "$PGPORT" || die "PostgreSQL on 127.0.0.1:$PGPORT does not answer"
  psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>"$WORK_DIR/psql.err" ||
    die "cannot connect to 127.0.0.1:$PGPORT as $PGUSER: $(head -n 1 "$WORK_DIR/psql.err") (set BENCH_PGUSER / PGPASSWORD, or BENCH_PRIVATE_PG=1)"
  [[ $(psql -X -At -d postgres -c 'SELECT rolsuper FROM pg_roles WHERE rolname = current_user') == t ]] ||
    die "$PGUSER is not a superuser on 127.0.0.1:$PGPORT: the benchmark creates databases and checkpoints"
  PG_VERSION=$(psql -X -At -d postgres -c 'SHOW server_version')
  local major=${PG_VERSION%%.*}
  major=${major%%[!0-9]*}
  ((major >= 13)) || die "PostgreSQL $PG_VERSION is too old: the service needs 13 or newer"
}

# psql on the benchmark database (or another one), unaligned, failing on any error
sql() {
  local db=$1
  shift
  psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" "$@"
}
