#!/usr/bin/env bash
# bench/lib/common.sh: what every bench script shares. Paths, log lines, clean-up on every
# exit path (each lib registers what it started with on_exit), free ports, the machine-wide
# benchmark lock, and small number helpers (median, formatting). Sourced by bench/run.sh and
# bench/compare.sh, never run on its own.

set -euo pipefail
export LC_ALL=C

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK_DIR="$BENCH_DIR/.work"
RESULTS_DIR="$BENCH_DIR/results"
SCRIPT_NAME="bench/${0##*/}"

# The JVM options of the measured service: the README's settings for a small host, here once
# for every script. Keep in step with the README.
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000 -XX:-TieredCompilation -XX:InlineSmallCode=2500}"

# ---------------------------------------------------------------------------------------
# Output

T0=${EPOCHREALTIME/./}

log() {
  local now=${EPOCHREALTIME/./}
  local tenths=$(((now - T0) / 100000))
  printf '[%4d.%ds] %s\n' $((tenths / 10)) $((tenths % 10)) "$*"
}

die() {
  printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

# seconds since the given ${EPOCHREALTIME/./} value, with 1 decimal
seconds_since() {
  local now=${EPOCHREALTIME/./}
  awk -v d=$((now - $1)) 'BEGIN { printf "%.1f", d / 1e6 }'
}

# ---------------------------------------------------------------------------------------
# Clean-up: everything a run started, and only that, on every exit path. A lib that starts
# something registers the function that stops it; they run last registered first.

EXIT_HOOKS=()

on_exit() {
  local hook
  for hook in "${EXIT_HOOKS[@]}"; do [[ $hook != "$1" ]] || return 0; done
  EXIT_HOOKS+=("$1")
}

# shellcheck disable=SC2317  # the EXIT trap
run_exit_hooks() {
  local status=$? i
  trap - EXIT INT TERM
  ((status == 0)) || log "exiting with status $status: stopping what this run started"
  for ((i = ${#EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
    "${EXIT_HOOKS[i]}" || true
  done
  exit "$status"
}
trap run_exit_hooks EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------
# The machine-wide lock: two benchmarks at once (from two checkouts of the project, say)
# would share two cores and one database and measure each other. The second one waits.
# File descriptor 9 holds it; the programs a run starts close it (see close_lock_fd).

BENCH_LOCK_FILE=${BENCH_LOCK_FILE:-/tmp/tales-bench.lock}

take_bench_lock() {
  command -v flock >/dev/null || { log "no flock: running without the benchmark lock"; return 0; }
  exec 9<>"$BENCH_LOCK_FILE"
  if ! flock -n 9; then
    log "another benchmark holds $BENCH_LOCK_FILE ($(head -n 1 "$BENCH_LOCK_FILE" 2>/dev/null || echo '?')): waiting for it to end"
    flock 9
  fi
  printf '%s pid %s in %s since %s\n' "$SCRIPT_NAME" "$$" "$REPO_DIR" "$(date -u +%FT%TZ)" >"$BENCH_LOCK_FILE"
}

# What was checked out when the run began: START_DATE, GIT_COMMIT, GIT_BRANCH, GIT_DIRTY
# (non-empty when src, pom.xml or db differ from the commit).
record_checkout() {
  START_DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
  GIT_COMMIT=$(git -C "$REPO_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  GIT_BRANCH=$(git -C "$REPO_DIR" rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?')
  GIT_DIRTY=$(git -C "$REPO_DIR" status --porcelain -- src pom.xml db 2>/dev/null | head -n 1)
}

# ---------------------------------------------------------------------------------------
# Ports

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local port=$1
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

# ---------------------------------------------------------------------------------------
# Text and numbers

urlencode() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

b64url() {
  openssl base64 -A | tr '+/' '-_' | tr -d '='
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }

# a / b printed with the awk format f, 0 when b is 0
ratio() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, (b > 0) ? a / b : 0 }'; }

# 1000000 -> 1,000,000 (the C locale has no thousands separator for printf)
thousands() { printf '%s' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# dies unless the named variable holds a whole number > 0; $2 is its name for the user
require_positive() {
  local value=${!1}
  if ! [[ $value =~ ^[0-9]+$ ]] || ((value == 0)); then
    die "$2 must be a positive whole number, not '$value'"
  fi
}
