#!/usr/bin/env bash
# Ours against a peer: the tales service and Platformatic DB (an auto-generated REST layer
# on Node.js) serving the same work from the same PostgreSQL database in one run, measured
# alike and interleaved run by run (ours peer, peer ours, ...) with the idle one paused, so
# that the ratios are comparable even on a noisy machine. Prints per figure the CPU per
# request of each (the figure least moved by the machine's load), req/s, p99, peak RSS, the
# ratios, and the targets of issue 18; and, for each figure, its SQL run by pgbench with
# both sides paused: the database's own rate, about the most an HTTP layer could reach.
# See docs/performance.md, "Ours vs the peer".

set -euo pipefail

LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
source "$LIB/common.sh"   # paths, log, exit hooks, lock, ports, numbers
source "$LIB/tools.sh"    # wrk, pgbench, curl, openssl, psql
source "$LIB/postgres.sh" # the PostgreSQL on 127.0.0.1, sql()
source "$LIB/build.sh"    # the JDK, the jar
source "$LIB/service.sh"  # start, pause, stop the services
source "$LIB/seed.sh"     # the database and its seed
source "$LIB/figures.sh"  # what each figure requests, its inputs, the peer's URLs
source "$LIB/sampler.sh"  # RSS and load in the background
source "$LIB/measure.sh"  # wrk runs into R, side by side
source "$LIB/peer.sh"     # the peer: install, start, verify
source "$LIB/report.sh"   # the tables and result files

usage() {
  cat <<USAGE
Usage: bench/peer.sh [--quick] [--runs N] [--figures A,B,...] [--no-build] [--reseed] [--check] [JAR]

Measures this checkout's jar (or JAR) and Platformatic DB $PEER_VERSION (installed pinned
into bench/peer/node_modules by npm ci on first use; needs Node.js 20+) on the same seeded
database, interleaved, and prints per figure both sides' CPU per request, req/s, p99 and
peak RSS, their ratios, and the targets of issue 18; then each figure's SQL through pgbench
(one run after every third pair, both sides paused, 10 clients as either side's pool) as the
ceiling of any HTTP layer on this machine.
Before measuring it checks that the peer answers each figure with the service's data. Writes
bench/results/<YYYY-MM-DD-HHMMSS>[-quick]-peer.md.

Figures: ${PEER_FIGURES[*]} (the peer has no other of bench/run.sh's requests; its
"search" is the nearest it can do, a substring of the text: see docs/performance.md).

Options:
  --quick             100,000 stories (the database of run.sh --quick), 4 runs of 4 s per
                      side and figure after 3 s of warm-up, 12 s of warm-up per side first
  --runs N            runs per side and figure (default 6, --quick 4)
  --figures A,B,...   only these figures (default: ${PEER_FIGURES[*]})
  --no-build          use the existing jar
  --reseed            seed the database again even if it holds the expected seed
  --check             exit with status 1 when a target fails
  -h, --help          this text

Environment: JAVA_HOME, SERVICE_JAVA_OPTS, BENCH_DURATION (default 20, --quick 4),
BENCH_WARMUP (10, --quick 3), BENCH_JIT_WARMUP (90, --quick 12), BENCH_RUNS, BENCH_PGPORT,
BENCH_PGUSER, BENCH_PORT, BENCH_PRIVATE_PG, BENCH_LOCK_FILE as for bench/run.sh.
USAGE
}

QUICK=0 RESEED=0 NO_BUILD=0 CHECK=0 RUNS_OPTION="" FIGURES_OPTION="" JARS=()
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --reseed) RESEED=1 ;;
    --no-build) NO_BUILD=1 ;;
    --check) CHECK=1 ;;
    --runs) (($# > 1)) || die "--runs needs a number"; RUNS_OPTION=$2; shift ;;
    --runs=*) RUNS_OPTION=${1#*=} ;;
    --figures) (($# > 1)) || die "--figures needs a list"; FIGURES_OPTION=$2; shift ;;
    --figures=*) FIGURES_OPTION=${1#*=} ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) JARS+=("$1") ;;
  esac
  shift
done
((${#JARS[@]} <= 1)) || { usage >&2; die "at most one jar"; }

choose_seed_size "$QUICK"
if ((QUICK)); then
  DURATION=${BENCH_DURATION:-4} WARMUP=${BENCH_WARMUP:-3} RUNS=${BENCH_RUNS:-4} JIT_WARMUP=${BENCH_JIT_WARMUP:-12}
else
  DURATION=${BENCH_DURATION:-20} WARMUP=${BENCH_WARMUP:-10} RUNS=${BENCH_RUNS:-6} JIT_WARMUP=${BENCH_JIT_WARMUP:-90}
fi
RUNS=${RUNS_OPTION:-$RUNS}
# a pgbench run of each figure's SQL after every third pair of runs (after the last when
# there are fewer), both sides paused: the database's own ceiling
CEILING_EVERY=$((RUNS < 3 ? RUNS : 3))
CEILING_RUNS=$((RUNS / CEILING_EVERY))
# ... with as many clients as either side keeps connections (the service's Hikari pool and
# Platformatic's @databases/pg pool are both 10): at 32, pgbench's inserts contended for
# the same pages and WAL more than either side's could, and its rate bounded nothing
PGBENCH_CLIENTS=10
for v in DURATION WARMUP RUNS JIT_WARMUP; do require_positive "$v" "BENCH_$v"; done

FIGURES=("${PEER_FIGURES[@]}")
if [[ -n $FIGURES_OPTION ]]; then
  IFS=, read -r -a FIGURES <<<"$FIGURES_OPTION"
  for f in "${FIGURES[@]}"; do
    [[ " ${PEER_FIGURES[*]} " == *" $f "* ]] || die "--figures: '$f' is not one of ${PEER_FIGURES[*]}"
  done
fi
# both sides are warmed up on the figures they are measured on
JIT_WARMUP_FIGURES=("${FIGURES[@]}")
ROUNDS=1 RUNS_PER_ROUND=$RUNS
choose_java

declare -A PEAK_RSS=()

main() {
  local t_all=${EPOCHREALTIME/./} base result_file jar name figure
  mkdir -p "$WORK_DIR/raw" "$WORK_DIR/peer" "$RESULTS_DIR"
  RUN_STAMP=$(date +%Y-%m-%d-%H%M%S)
  base=$RUN_STAMP
  ((!QUICK)) || base+=-quick
  result_file="$RESULTS_DIR/$base-peer.md"
  record_checkout

  log "tales vs Platformatic DB$MODE_LABEL: figures ${FIGURES[*]}; $(thousands "$STORIES") stories; per side and figure ${RUNS} x ${DURATION} s after ${WARMUP} s of warm-up ($JIT_WARMUP s of warm-up per side first)"
  log "$(describe_java)"
  take_bench_lock
  ensure_tools with-pgbench
  ensure_peer
  if ((${#JARS[@]})); then
    jar=$(realpath "${JARS[0]}")
  else
    build_jar "$NO_BUILD"
    jar="$REPO_DIR/$JAR"
  fi
  OURS_LABEL="${jar#"$REPO_DIR"/} (sha256 $(sha256sum "$jar" | cut -c1-12))"
  setup_postgres
  new_auth

  for name in tales platformatic; do : >"$WORK_DIR/peer/$name.log"; done
  define_service migration "$jar" "$WORK_DIR/peer/tales.log" "$WORK_DIR/peer/data"
  define_service tales "$jar" "$WORK_DIR/peer/tales.log" "$WORK_DIR/peer/data"
  prepare_database "$RESEED" migration
  prepare_inputs

  start_service tales
  start_peer platformatic "$WORK_DIR/peer/platformatic.log"
  verify_peer tales platformatic
  for name in tales platformatic; do
    warm_up_service "$name"
    for figure in "${FIGURES[@]}"; do probe "$name" "$figure"; done
    pause_service "$name"
  done
  : >"$SAMPLES_FILE"
  start_sampler "${SVC_PID[tales]}" "${SVC_PID[platformatic]}"
  for figure in "${FIGURES[@]}"; do
    measure_side_by_side "$figure" tales platformatic warmup 1 "$RUNS" "$CEILING_EVERY"
  done
  for name in tales platformatic; do PEAK_RSS[$name]=$(service_peak_rss_mb "$name"); done
  stop_sampler
  log "stopping both"
  stop_all_services

  write_peer_report tales platformatic "$result_file" "$(seconds_since "$t_all")"
  cat "$WORK_DIR/report.md"
  log "results written to ${result_file#"$REPO_DIR"/}"
  if ((CHECK)) && ((FAILED)); then
    exit 1
  fi
}

# one line, so that bash has read all of it before it runs (see run.sh)
main; exit
