#!/usr/bin/env bash
# bench/lib/tools.sh: makes sure the load generators and clients are there, installing the
# missing ones from Debian's packages (wrk, pgbench, curl, openssl, the PostgreSQL client).
# Sets PGBENCH to the pgbench binary. Sourced after bench/lib/common.sh.

set -euo pipefail

APT_UPDATED=0

apt_install() {
  ((EUID == 0)) || die "missing: $* (install with: sudo apt-get install -y $*)"
  command -v apt-get >/dev/null || die "missing: $* (and no apt-get to install it)"
  log "installing from Debian's packages: $*"
  if ((!APT_UPDATED)); then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$WORK_DIR/apt.log" 2>&1 ||
    { tail -n 20 "$WORK_DIR/apt.log" >&2; die "apt-get install $* failed"; }
}

# The newest PostgreSQL major installed the Debian way (/usr/lib/postgresql/<major>/bin)
# that has the program $1 (default pg_ctl).
pg_bin_dir() {
  local dir best="" best_major=0 major
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x $dir/${1:-pg_ctl} ]] || continue
    major=${dir#/usr/lib/postgresql/}
    major=${major%%/*}
    [[ $major =~ ^[0-9]+$ ]] || continue
    if ((major > best_major)); then best_major=$major best=$dir; fi
  done
  [[ -n $best ]] && echo "$best"
}

# ensure_tools with-pgbench | without-pgbench: wrk and the clients, and pgbench when asked
# (compare.sh runs no pgbench)
ensure_tools() {
  local missing=() bin major
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v psql >/dev/null && command -v pg_isready >/dev/null || missing+=(postgresql-client)
  command -v wrk >/dev/null || missing+=(wrk)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
  [[ $1 == with-pgbench ]] || return 0

  # pgbench: /usr/bin/pgbench is only a wrapper; the binary comes with the server package
  # of a major (Debian's postgresql-contrib-<major> is a name that package provides).
  if bin=$(pg_bin_dir pgbench); then
    PGBENCH="$bin/pgbench"
  elif command -v pgbench >/dev/null && pgbench --version >/dev/null 2>&1; then
    PGBENCH=$(command -v pgbench)
  else
    if bin=$(pg_bin_dir psql); then
      major=$(basename "$(dirname "$bin")")
      apt_install "postgresql-$major"
    else
      apt_install postgresql-contrib
    fi
    bin=$(pg_bin_dir pgbench) || die "pgbench is still missing after installing it"
    PGBENCH="$bin/pgbench"
  fi
}
