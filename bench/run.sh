#!/usr/bin/env bash
# The benchmark of the tales service: one command that installs its tools, finds or starts a
# PostgreSQL on loopback, seeds it, builds and starts the service as a user runs it, measures
# each figure over HTTP (wrk) and the same SQL directly (pgbench) in the same run, and prints
# one table plus a target check. See docs/performance.md. Each step is a script of its own in
# bench/lib/; this one reads the options and runs the steps in order.

set -euo pipefail

LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
source "$LIB/common.sh"   # paths, log, exit hooks, lock, ports, numbers
source "$LIB/tools.sh"    # wrk, pgbench, curl, openssl, psql
source "$LIB/postgres.sh" # the PostgreSQL on 127.0.0.1, sql()
source "$LIB/build.sh"    # the JDK, the jar
source "$LIB/service.sh"  # start, pause, stop the service
source "$LIB/seed.sh"     # the database and its seed
source "$LIB/figures.sh"  # what each figure requests, its inputs
source "$LIB/sampler.sh"  # RSS and load in the background
source "$LIB/measure.sh"  # wrk and pgbench runs into R
source "$LIB/profile.sh"  # --profile's JFR
source "$LIB/report.sh"   # the table, the target check, the result file

usage() {
  cat <<'USAGE'
Usage: bench/run.sh [--quick] [--reseed] [--no-build] [--check] [--profile] [--help]

Benchmarks the tales service against a seeded PostgreSQL on 127.0.0.1: each figure over HTTP
with wrk, and the same SQL with pgbench in the same run as its ceiling. Prints one table and
a target check, and writes bench/results/<YYYY-MM-DD-HHMMSS>[-quick].md.
To compare two builds side by side, see bench/compare.sh --help.

Options:
  --quick     100,000 stories (own database), 1 run of 4 s per figure after 3 s of warm-up
              (and 12 s of service warm-up); the deep page is 10,000 rows deep. For
              development: under 2 minutes.
  --reseed    seed the database again even if it already holds the expected seed
  --no-build  do not run ./mvnw package when the jar already exists
  --check     exit with status 1 when a target fails (default: report only, exit 0)
  --profile   run the measured service with a JFR recording (settings=profile) and put the
              .jfr and a summary of the hottest methods next to the result file
  -h, --help  this text

Environment:
  JAVA_HOME           JDK that builds and runs the service (default: java on PATH if it is 21
                      or newer, else the newest JDK 21+ under /usr/lib/jvm, else java on PATH)
  SERVICE_JAVA_OPTS   JVM options of the service (default: the README's settings for a
                      small host, set once in bench/lib/common.sh)
  BENCH_DURATION      seconds of each measured run (default 20, --quick 4)
  BENCH_JIT_WARMUP    seconds of load over all the requests before the first figure, while
                      the JIT compiles their code (default 90, --quick 12)
  BENCH_WARMUP        seconds of HTTP warm-up per figure (default 10, --quick 3)
  BENCH_RUNS          measured runs per figure, the median is reported (default 3, --quick 1)
  BENCH_PGPORT        port of the PostgreSQL to reuse or start on 127.0.0.1 (default 5432)
  BENCH_PGUSER        its superuser (default postgres); PGPASSWORD is honoured
  BENCH_PORT          first port tried for the service (default 18080)
  BENCH_PRIVATE_PG=1  always use a private cluster under bench/.work/pg
  BENCH_LOCK_FILE     the lock that keeps two benchmarks from running at once (default
                      /tmp/tales-bench.lock)
USAGE
}

QUICK=0 RESEED=0 NO_BUILD=0 CHECK=0 PROFILE=0
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --reseed) RESEED=1 ;;
    --no-build) NO_BUILD=1 ;;
    --check) CHECK=1 ;;
    --profile) PROFILE=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

choose_seed_size "$QUICK"
if ((QUICK)); then
  DURATION=${BENCH_DURATION:-4} WARMUP=${BENCH_WARMUP:-3} RUNS=${BENCH_RUNS:-1} JIT_WARMUP=${BENCH_JIT_WARMUP:-12}
else
  DURATION=${BENCH_DURATION:-20} WARMUP=${BENCH_WARMUP:-10} RUNS=${BENCH_RUNS:-3} JIT_WARMUP=${BENCH_JIT_WARMUP:-90}
fi
for v in DURATION WARMUP RUNS JIT_WARMUP; do require_positive "$v" "BENCH_$v"; done
choose_java

# the .jfr and its summary next to the result file; prints the line for the report
keep_profile() {
  local base=$1
  if [[ -s $PROFILE_JFR ]]; then
    cp "$PROFILE_JFR" "$RESULTS_DIR/$base.jfr"
    hot_methods "$PROFILE_JFR" "$RESULTS_DIR/$base-hot-methods.txt"
    echo "JFR recording: bench/results/$base.jfr; hottest methods: bench/results/$base-hot-methods.txt"
  else
    echo "JFR recording: none was written"
  fi
}

main() {
  local t_all=${EPOCHREALTIME/./} base result_file figure rss_mb profile_note="" extra=""
  mkdir -p "$WORK_DIR/raw" "$RESULTS_DIR"
  RUN_STAMP=$(date +%Y-%m-%d-%H%M%S)
  base=$RUN_STAMP
  ((!QUICK)) || base+=-quick
  result_file="$RESULTS_DIR/$base.md"
  : >"$WORK_DIR/service.log"
  record_checkout

  log "tales benchmark$MODE_LABEL: $(thousands "$STORIES") stories, ${RUNS} x ${DURATION} s per figure after ${WARMUP} s of warm-up ($JIT_WARMUP s of service warm-up first)"
  log "$(describe_java)"
  take_bench_lock
  ensure_tools with-pgbench
  setup_postgres
  build_jar "$NO_BUILD"
  new_auth

  if ((PROFILE)); then
    rm -f "$PROFILE_JFR"
    extra=$(profile_java_option)
  fi
  define_service migration "$JAR" "$WORK_DIR/service.log" "$WORK_DIR/data"
  define_service measured "$JAR" "$WORK_DIR/service.log" "$WORK_DIR/data" "$extra"
  prepare_database "$RESEED" migration
  prepare_inputs

  start_service measured
  : >"$SAMPLES_FILE"
  start_sampler "${SVC_PID[measured]}"
  find_deep_cursor measured
  warm_up_service measured
  for figure in "${ALL_FIGURES[@]}"; do
    probe measured "$figure"
    measure_with_pgbench measured "$figure"
  done

  rss_mb=$(service_peak_rss_mb measured)
  stop_sampler
  log "stopping the service"
  stop_service measured

  if ((PROFILE)); then
    profile_note=$(keep_profile "$base")
    log "profile: $profile_note"
  fi
  write_run_report measured "$result_file" "$rss_mb" "$profile_note" "$(seconds_since "$t_all")"
  cat "$WORK_DIR/report.md"
  log "results written to ${result_file#"$REPO_DIR"/}"
  if ((CHECK)) && ((FAILED)); then
    exit 1
  fi
}

# one line, so that bash has read all of it before it runs: editing this file while it runs
# cannot change what the running script does next
main; exit
