#!/usr/bin/env bash
# Measures a change: the same figures as bench/run.sh for two jars of the service, OLD and
# NEW, in one run against the same seeded database, interleaved run by run (OLD NEW, NEW
# OLD, ...) so that the drift of a noisy machine weighs on both alike, and prints for each
# figure the median req/s, p50 and p99 of each jar and the ratio NEW/OLD, with a verdict
# line: is any figure worse than 0.97x? Both jars stay resident; the one not being measured
# is paused (SIGSTOP), so it takes no CPU from the other. See docs/performance.md.

set -euo pipefail

LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
source "$LIB/common.sh"   # paths, log, exit hooks, lock, ports, numbers
source "$LIB/tools.sh"    # wrk, curl, openssl, psql
source "$LIB/postgres.sh" # the PostgreSQL on 127.0.0.1, sql()
source "$LIB/build.sh"    # the JDK, the jars
source "$LIB/service.sh"  # start, pause, stop the services
source "$LIB/seed.sh"     # the database and its seed
source "$LIB/figures.sh"  # what each figure requests, its inputs
source "$LIB/sampler.sh"  # RSS and load in the background
source "$LIB/measure.sh"  # wrk runs into R, side by side
source "$LIB/report.sh"   # the table, the verdict, the result file

usage() {
  cat <<USAGE
Usage: bench/compare.sh [options] OLD.jar NEW.jar
       bench/compare.sh [options] --build-old COMMIT [NEW.jar]

Runs the figures of bench/run.sh for both jars, interleaved, in one run on the same seeded
database, and prints the median req/s, p50 and p99 of each and NEW/OLD per figure, and
whether any figure is worse than ${COMPARE_FLOOR}x. Writes
bench/results/<YYYY-MM-DD-HHMMSS>[-quick]-compare.md.

Options:
  --quick             100,000 stories (the database of run.sh --quick), 4 runs of 4 s per
                      jar and figure after 3 s of warm-up, 12 s of service warm-up per jar:
                      about 5 minutes
  --runs N            runs per jar and figure in all (default 8, --quick 4; the runs of a
                      round go OLD NEW, NEW OLD, ...: an even number per round balances it)
  --rounds N          start both jars afresh N times, the first one started taking turns,
                      and split the runs between the rounds (default 2, --quick 1): two
                      JVMs of the same jar can differ by 10 % for as long as they run (the
                      JIT's choices), which only more JVMs average out
  --figures A,B,...   only these figures (default: all, $(IFS=,; echo "${ALL_FIGURES[*]}"))
  --build-old COMMIT  build OLD from a commit of this repository (git archive into
                      bench/.work/build/, kept as bench/.work/jars/<commit>.jar); NEW is then
                      this checkout's jar unless given, built first as run.sh does
  --no-build          with --build-old and no NEW.jar: use this checkout's existing jar
  --reseed            seed the database again even if it holds the expected seed
  --check             exit with status 1 when a figure is worse than ${COMPARE_FLOOR}x
  -h, --help          this text

Environment:
  JAVA_HOME, SERVICE_JAVA_OPTS   as for bench/run.sh, the same for both jars
  OLD_OPTS, NEW_OPTS  extra options of one jar: words starting with "--" are arguments
                      of the application (after -jar), NAME=value words its environment,
                      the others JVM options; e.g.
                      NEW_OPTS="--management.tracing.enabled=true" with one jar passed
                      twice measures what that setting costs, NEW_OPTS="MALLOC_ARENA_MAX=2"
                      what that variable does
  BENCH_DURATION      seconds of each measured run (default 10, --quick 4)
  BENCH_WARMUP        seconds of HTTP warm-up per jar and figure (default 10, --quick 3)
  BENCH_JIT_WARMUP    seconds of service warm-up per jar (default 90, --quick 12)
  BENCH_RUNS          as --runs
  BENCH_ROUNDS        as --rounds
  BENCH_PGPORT, BENCH_PGUSER, BENCH_PORT, BENCH_PRIVATE_PG, BENCH_LOCK_FILE   as for run.sh
USAGE
}

QUICK=0 RESEED=0 NO_BUILD=0 CHECK=0 BUILD_OLD="" RUNS_OPTION="" ROUNDS_OPTION="" FIGURES_OPTION="" JARS=()
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --reseed) RESEED=1 ;;
    --no-build) NO_BUILD=1 ;;
    --check) CHECK=1 ;;
    --runs) (($# > 1)) || die "--runs needs a number"; RUNS_OPTION=$2; shift ;;
    --runs=*) RUNS_OPTION=${1#*=} ;;
    --rounds) (($# > 1)) || die "--rounds needs a number"; ROUNDS_OPTION=$2; shift ;;
    --rounds=*) ROUNDS_OPTION=${1#*=} ;;
    --figures) (($# > 1)) || die "--figures needs a list"; FIGURES_OPTION=$2; shift ;;
    --figures=*) FIGURES_OPTION=${1#*=} ;;
    --build-old) (($# > 1)) || die "--build-old needs a commit"; BUILD_OLD=$2; shift ;;
    --build-old=*) BUILD_OLD=${1#*=} ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) JARS+=("$1") ;;
  esac
  shift
done

choose_seed_size "$QUICK"
if ((QUICK)); then
  DURATION=${BENCH_DURATION:-4} WARMUP=${BENCH_WARMUP:-3} RUNS=${BENCH_RUNS:-4} JIT_WARMUP=${BENCH_JIT_WARMUP:-12}
  ROUNDS=${BENCH_ROUNDS:-1}
else
  DURATION=${BENCH_DURATION:-10} WARMUP=${BENCH_WARMUP:-10} RUNS=${BENCH_RUNS:-8} JIT_WARMUP=${BENCH_JIT_WARMUP:-90}
  ROUNDS=${BENCH_ROUNDS:-2}
fi
RUNS=${RUNS_OPTION:-$RUNS} ROUNDS=${ROUNDS_OPTION:-$ROUNDS}
for v in DURATION WARMUP RUNS JIT_WARMUP ROUNDS; do require_positive "$v" "BENCH_$v (or --${v,,})"; done
((RUNS % ROUNDS == 0)) || die "--runs ($RUNS) must be a multiple of --rounds ($ROUNDS)"
RUNS_PER_ROUND=$((RUNS / ROUNDS))

FIGURES=("${ALL_FIGURES[@]}")
if [[ -n $FIGURES_OPTION ]]; then
  IFS=, read -r -a FIGURES <<<"$FIGURES_OPTION"
  ((${#FIGURES[@]})) || die "--figures: no figure named"
  for f in "${FIGURES[@]}"; do is_figure "$f" || die "--figures: unknown figure '$f' (known: ${ALL_FIGURES[*]})"; done
fi

if [[ -n $BUILD_OLD ]]; then
  ((${#JARS[@]} <= 1)) || { usage >&2; die "--build-old takes at most one jar, NEW.jar"; }
else
  ((${#JARS[@]} == 2)) || { usage >&2; die "give OLD.jar and NEW.jar, or --build-old COMMIT"; }
fi
choose_java

declare -A JAR_SHA=() JAR_LABEL=() PEAK_RSS=() STARTUPS=()

# JAR_SHA[$1] and JAR_LABEL[$1] (path, size, sha256, commit where known) of jar $2
describe_jar() {
  local name=$1 jar=$2 origin=${3:-} size
  JAR_SHA[$name]=$(sha256sum "$jar" | cut -c1-12)
  size=$(stat -c %s "$jar")
  JAR_LABEL[$name]="${jar#"$REPO_DIR"/} ($(awk -v b="$size" 'BEGIN { printf "%.1f MB", b / 1048576 }'), sha256 ${JAR_SHA[$name]}${origin:+, $origin})"
}

# "<md5>  <file>" of each Flyway migration inside a jar
jar_migrations() {
  local jar=$1 tmp tool
  tool="$(dirname "$(command -v "$JAVA")")/jar"
  [[ -x $tool ]] || tool=$(command -v jar) || return 0
  tmp=$(mktemp -d "$WORK_DIR/migrations.XXXXXX")
  (cd "$tmp" && "$tool" xf "$jar" BOOT-INF/classes/db/migration && find . -name '*.sql' -type f | sort | xargs -r md5sum)
  rm -rf "$tmp"
}

# The two jars share one database: it has the schema of whichever migrated it last.
check_migrations() {
  if [[ "$(jar_migrations "$1")" != "$(jar_migrations "$2")" ]]; then
    MIGRATIONS_NOTE="the two jars have different Flyway migrations: the database has the schema of the newer, and the older jar runs on it"
    log "warning: $MIGRATIONS_NOTE"
  fi
}

# The jars to compare, as absolute paths: OLD_JAR, NEW_JAR
resolve_jars() {
  local origin_old="" origin_new=""
  if [[ -n $BUILD_OLD ]]; then
    OLD_JAR=$(build_commit_jar "$BUILD_OLD")
    origin_old="commit $(git -C "$REPO_DIR" rev-parse --short=12 "$BUILD_OLD^{commit}")"
    if ((${#JARS[@]})); then
      NEW_JAR=${JARS[0]}
    else
      build_jar "$NO_BUILD"
      NEW_JAR="$REPO_DIR/$JAR"
      origin_new="this checkout, $GIT_COMMIT${GIT_DIRTY:+ + changes}"
    fi
  else
    OLD_JAR=${JARS[0]} NEW_JAR=${JARS[1]}
  fi
  [[ -f $OLD_JAR ]] || die "no such jar: $OLD_JAR"
  [[ -f $NEW_JAR ]] || die "no such jar: $NEW_JAR"
  OLD_JAR=$(realpath "$OLD_JAR") NEW_JAR=$(realpath "$NEW_JAR")
  describe_jar old "$OLD_JAR" "$origin_old"
  describe_jar new "$NEW_JAR" "$origin_new"
  log "old: ${JAR_LABEL[old]}${OLD_OPTS:+, OLD_OPTS=$OLD_OPTS}"
  log "new: ${JAR_LABEL[new]}${NEW_OPTS:+, NEW_OPTS=$NEW_OPTS}"
  check_migrations "$OLD_JAR" "$NEW_JAR"
}

# Start, warm up, find the deep cursor, probe every figure, then pause: service $1.
bring_up() {
  local name=$1 figure
  start_service "$name"
  STARTUPS[$name]+="${STARTUPS[$name]:+, }${SVC_STARTUP[$name]} s"
  warm_up_service "$name"
  for figure in "${FIGURES[@]}"; do
    [[ $figure != deep ]] || find_deep_cursor "$name"
    probe "$name" "$figure"
  done
  pause_service "$name"
}

# Round $1: both jars started afresh (old first in odd rounds, new first in even ones),
# runs (round - 1) * RUNS_PER_ROUND + 1 .. round * RUNS_PER_ROUND of every figure, stopped.
measure_round() {
  local round=$1 first last figure name rss
  first=$(((round - 1) * RUNS_PER_ROUND + 1)) last=$((round * RUNS_PER_ROUND))
  ((ROUNDS == 1)) || log "round $round/$ROUNDS: runs $first-$last"
  for name in $(run_order "$round" old new); do bring_up "$name"; done
  start_sampler "${SVC_PID[old]}" "${SVC_PID[new]}"
  for figure in "${FIGURES[@]}"; do
    measure_side_by_side "$figure" old new "$(warmup_label "$round")" "$first" "$last"
  done
  for name in old new; do
    rss=$(service_peak_rss_mb "$name")
    ((rss <= ${PEAK_RSS[$name]:-0})) || PEAK_RSS[$name]=$rss
  done
  stop_sampler
  log "stopping the services"
  stop_all_services
}

main() {
  local t_all=${EPOCHREALTIME/./} base result_file round name
  mkdir -p "$WORK_DIR/raw" "$WORK_DIR/compare" "$RESULTS_DIR"
  RUN_STAMP=$(date +%Y-%m-%d-%H%M%S)
  base=$RUN_STAMP
  ((!QUICK)) || base+=-quick
  result_file="$RESULTS_DIR/$base-compare.md"
  record_checkout

  log "tales comparison$MODE_LABEL: figures ${FIGURES[*]}; $(thousands "$STORIES") stories; per jar and figure ${RUNS} x ${DURATION} s in $ROUNDS round(s), after ${WARMUP} s of warm-up per round ($JIT_WARMUP s of service warm-up per jar and round first)"
  log "$(describe_java)"
  take_bench_lock
  ensure_tools without-pgbench
  resolve_jars
  setup_postgres
  new_auth

  for name in old new; do : >"$WORK_DIR/compare/service-$name.log"; done
  define_service migration "$OLD_JAR" "$WORK_DIR/compare/service-old.log" "$WORK_DIR/compare/data-old"
  define_service old "$OLD_JAR" "$WORK_DIR/compare/service-old.log" "$WORK_DIR/compare/data-old" "${OLD_OPTS:-}"
  define_service new "$NEW_JAR" "$WORK_DIR/compare/service-new.log" "$WORK_DIR/compare/data-new" "${NEW_OPTS:-}"
  prepare_database "$RESEED" migration
  prepare_inputs

  : >"$SAMPLES_FILE"
  for ((round = 1; round <= ROUNDS; round++)); do
    measure_round "$round"
  done

  write_compare_report old new "$result_file" "$(seconds_since "$t_all")"
  cat "$WORK_DIR/report.md"
  log "results written to ${result_file#"$REPO_DIR"/}"
  if ((CHECK)) && ((WORSE)); then
    exit 1
  fi
}

# one line, so that bash has read all of it before it runs (see run.sh)
main; exit
