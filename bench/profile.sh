#!/usr/bin/env bash
# Profiles one figure: where the service's CPU goes while it answers only that request. The
# service is started as bench/run.sh starts it, warmed up on the figure, then a JFR
# recording (execution samples every millisecond: method-profiling=max) is started with
# jcmd for the figure's load alone and stopped with it, and its samples are summed into a
# short text: the hottest top frames, and the share of the samples under each of the
# request's stages (filters, decoding, validation, the statement, the response...). The
# summary goes to bench/results/<stamp>-<figure>-profile.txt; the .jfr stays in
# bench/.work/ (tens of MB). See docs/performance.md, "Profiling".

set -euo pipefail

LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
source "$LIB/common.sh"
source "$LIB/tools.sh"
source "$LIB/postgres.sh"
source "$LIB/build.sh"
source "$LIB/service.sh"
source "$LIB/seed.sh"
source "$LIB/figures.sh"
source "$LIB/sampler.sh"
source "$LIB/measure.sh"

usage() {
  cat <<'USAGE'
Usage: bench/profile.sh [--quick] [--no-build] [--seconds N] FIGURE [JAR]

Profiles FIGURE (byid, list, insert, ...) of this checkout's jar (or JAR) with JFR, on the
database of bench/run.sh (--quick: its quick one), after warming the service up on it, and
writes a summary of where the CPU went to bench/results/<stamp>-<figure>-profile.txt.
Needs python3 (to sum the samples).

Options:
  --quick       the 100,000-story database (default: 1,000,000)
  --no-build    use the existing jar
  --seconds N   seconds of recorded load (default 30)
Environment: JAVA_HOME, SERVICE_JAVA_OPTS, BENCH_JIT_WARMUP (default 30) and the
BENCH_PG* and BENCH_LOCK_FILE variables of bench/run.sh.
USAGE
}

QUICK=0 NO_BUILD=0 SECONDS_OPTION=30 ARGS=()
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --no-build) NO_BUILD=1 ;;
    --seconds) (($# > 1)) || die "--seconds needs a number"; SECONDS_OPTION=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option: $1" ;;
    *) ARGS+=("$1") ;;
  esac
  shift
done
((${#ARGS[@]} >= 1 && ${#ARGS[@]} <= 2)) || { usage >&2; die "name one figure (and at most one jar)"; }
FIGURE=${ARGS[0]}
is_figure "$FIGURE" || die "unknown figure: $FIGURE (known: ${ALL_FIGURES[*]})"
choose_seed_size "$QUICK"
DURATION=$SECONDS_OPTION JIT_WARMUP=${BENCH_JIT_WARMUP:-30}
require_positive DURATION --seconds
require_positive JIT_WARMUP BENCH_JIT_WARMUP
choose_java
command -v python3 >/dev/null || die "python3 is needed to sum the samples"

# The stages of a request, each a frame whose samples (anywhere below it) are counted.
STAGES='
filters (all)                 org/apache/catalina/core/ApplicationFilterChain.doFilter
security filter chain         org/springframework/security/web/FilterChainProxy.doFilterInternal
JWT authentication            org/springframework/security/oauth2/server/resource/web/authentication/BearerTokenAuthenticationFilter.doFilterInternal
observation (metrics, traces) org/springframework/web/filter/ServerHttpObservationFilter.doFilterInternal
DispatcherServlet             org/springframework/web/servlet/DispatcherServlet.doDispatch
request body: read and decode org/springframework/web/servlet/mvc/method/annotation/RequestResponseBodyMethodProcessor.readWithMessageConverters
  strict UTF-8 check          com/talegenerator/tales/web/json/StrictUnicodeInputDecorator$Utf8CheckingInputStream.read
  Jackson databind            tools/jackson/databind/ObjectReader.readValue
validation (@Valid)           org/springframework/web/servlet/mvc/method/annotation/AbstractMessageConverterMethodArgumentResolver.validateIfApplicable
controller method             org/springframework/web/method/support/InvocableHandlerMethod.doInvoke
  repository insert           com/talegenerator/tales/story/StoryRepositoryCustomImpl.insert
    JSON of jsonb columns     com/talegenerator/tales/story/StoryRepositoryCustomImpl.json
    JDBC: set parameters      org/springframework/jdbc/core/PreparedStatementCreatorFactory$PreparedStatementCreatorImpl.setValues
    JDBC: execute             org/postgresql/jdbc/PgPreparedStatement.executeWithFlags
    transaction interceptor   org/springframework/transaction/interceptor/TransactionAspectSupport.invokeWithinTransaction
    connection pool           com/zaxxer/hikari/HikariDataSource.getConnection
  repository find by id       com/talegenerator/tales/story/StoryRepositoryCustomImpl.findById
  response entity (ETag...)   com/talegenerator/tales/story/StoryResponses.created
response: write JSON          org/springframework/web/servlet/mvc/method/annotation/AbstractMessageConverterMethodProcessor.writeWithMessageConverters
tomcat: HTTP parse, socket    org/apache/coyote/http11/Http11Processor.service
'

summarize() {
  local samples_json=$1
  STAGES=$STAGES python3 - "$samples_json" <<'PY'
import collections, json, os, sys
events = json.load(open(sys.argv[1]))['recording']['events']
stages = [line.rstrip() for line in os.environ['STAGES'].strip('\n').split('\n')]
stages = [(l[:30].rstrip(), l[30:].strip()) for l in stages]
top, inclusive, n = collections.Counter(), collections.Counter(), 0
for e in events:
    st = e['values'].get('stackTrace')
    if not st:
        continue
    frames = [f['method']['type']['name'] + '.' + f['method']['name'] for f in st['frames']]
    n += 1
    top[frames[0]] += 1
    for f in set(frames):
        inclusive[f] += 1
print(f'{n} execution samples (threads running Java code; GC and JIT threads are not sampled)')
print('\nShare of the samples under each stage (inclusive):\n')
for label, frame in stages:
    print(f'{100 * inclusive[frame] / max(n, 1):6.1f} %  {label:30s} {frame.split("/")[-1]}')
print('\nHottest top frames (self):\n')
for frame, count in top.most_common(30):
    print(f'{100 * count / n:6.1f} %  {frame}')
print('\nHottest frames of the service and its libraries (inclusive):\n')
keys = ('talegenerator', 'springframework', 'jackson', 'postgresql', 'hibernate', 'zaxxer', 'micrometer', 'catalina', 'coyote')
shown = 0
for frame, count in inclusive.most_common():
    if any(k in frame for k in keys):
        print(f'{100 * count / n:6.1f} %  {frame}')
        shown += 1
        if shown == 60:
            break
PY
}

# "<name> <user ticks> <system ticks>" of every thread of process $1: its name
# (/proc/<pid>/task/<tid>/comm, digits made #, so that a pool's threads add up) and its CPU
# ticks so far in user mode and in the kernel (system calls, the loopback's TCP work)
thread_ticks() {
  local task comm stat
  for task in /proc/"$1"/task/*; do
    comm=$(<"$task/comm") 2>/dev/null || continue
    stat=$(<"$task/stat") 2>/dev/null || continue
    stat=${stat##*) }
    # shellcheck disable=SC2086  # split into fields on purpose
    set -- $stat
    printf '%s\t%s\t%s\n' "${comm//[0-9]/#}" "${12}" "${13}"
  done
}

# the CPU of each kind of thread between two thread_ticks outputs ($1 before, $2 after),
# with the share of it spent in the kernel, then the whole process's kernel share: JFR samples
# only Java code, and this is the part no Java frame accounts for. Threads that ended in
# between are missing from both.
thread_cpu_table() {
  awk -F '\t' -v hz="$CLOCK_TICKS" '
    NR == FNR { before[$1] += $2 + $3; sys_before[$1] += $3; next }
    { after[$1] += $2 + $3; sys_after[$1] += $3 }
    END { for (n in after) { d = after[n] - before[n]; total += d; cpu[n] = d; sys[n] = sys_after[n] - sys_before[n] }
          for (n in cpu) if (cpu[n] > 0)
            printf "%6.1f %%  %7.2f s  kernel %3.0f %%  %s\n", 100 * cpu[n] / total, cpu[n] / hz, 100 * sys[n] / cpu[n], n }' "$1" "$2" |
    sort -rn | head -n 15
  awk -F '\t' 'NR == FNR { before += $2 + $3; sys_before += $3; next } { after += $2 + $3; sys_after += $3 }
    END { if (after > before) printf "\nIn the kernel: %.1f %% of the process'"'"'s CPU time (system calls, the loopback TCP work)\n",
                                     100 * (sys_after - sys_before) / (after - before) }' "$1" "$2"
}

main() {
  local jar stamp jfr out pid jcmd tool
  mkdir -p "$WORK_DIR/raw" "$RESULTS_DIR"
  stamp=$(date +%Y-%m-%d-%H%M%S)
  out="$RESULTS_DIR/$stamp-$FIGURE-profile.txt"
  jfr="$WORK_DIR/profile-$FIGURE.jfr"
  record_checkout
  take_bench_lock
  ensure_tools without-pgbench
  if ((${#ARGS[@]} == 2)); then jar=$(realpath "${ARGS[1]}"); else build_jar "$NO_BUILD"; jar="$REPO_DIR/$JAR"; fi
  setup_postgres
  new_auth
  : >"$WORK_DIR/service.log"
  define_service migration "$jar" "$WORK_DIR/service.log" "$WORK_DIR/data"
  # whole stacks: Spring's run deeper than the 64 frames JFR keeps by default
  define_service measured "$jar" "$WORK_DIR/service.log" "$WORK_DIR/data" "-XX:FlightRecorderOptions:stackdepth=256"
  prepare_database 0 migration
  prepare_inputs
  start_service measured
  [[ $FIGURE != deep ]] || find_deep_cursor measured
  pid=${SVC_PID[measured]}
  jcmd="$(dirname "$(command -v "$JAVA")")/jcmd"
  tool="$(dirname "$(command -v "$JAVA")")/jfr"
  [[ -x $jcmd && -x $tool ]] || die "no jcmd/jfr next to $JAVA"

  log "warm-up: $JIT_WARMUP s of $FIGURE"
  run_wrk measured "$FIGURE" jit "$JIT_WARMUP"
  after_run "$FIGURE"
  rm -f "$jfr"
  "$jcmd" "$pid" JFR.start name=figure settings=profile method-profiling=max >/dev/null
  log "recording $DURATION s of $FIGURE"
  thread_ticks "$pid" >"$WORK_DIR/threads-before.txt"
  run_wrk measured "$FIGURE" 1 "$DURATION"
  thread_ticks "$pid" >"$WORK_DIR/threads-after.txt"
  "$jcmd" "$pid" JFR.stop name=figure filename="$jfr" >/dev/null
  log "$FIGURE: $(wrk_summary measured "$FIGURE" 1), service CPU ${R[measured,$FIGURE,1,cpu_us]} µs/req"
  after_run "$FIGURE"
  stop_service measured

  "$tool" print --json --events jdk.ExecutionSample --stack-depth 256 "$jfr" >"$WORK_DIR/profile-samples.json"
  {
    echo "# Profile of $FIGURE ($(figure_note "$FIGURE")), $stamp"
    echo
    echo "- jar: ${jar#"$REPO_DIR"/}; scripts at git commit $GIT_COMMIT ($GIT_BRANCH)${GIT_DIRTY:+, src modified}"
    echo "- JFR settings=profile, method-profiling=max (a sample per millisecond), over $DURATION s of wrk -t$WRK_THREADS -c$WRK_CONNECTIONS after $JIT_WARMUP s of warm-up on the same request"
    echo "- during the recording: $(wrk_summary measured "$FIGURE" 1); service CPU ${R[measured,$FIGURE,1,cpu_us]} µs/req; machine load (1 min) ${R[measured,$FIGURE,1,load]}"
    echo "- $("$JAVA" -version 2>&1 | head -n 1); SERVICE_JAVA_OPTS=$SERVICE_JAVA_OPTS; database $DB"
    echo
    echo "The service's CPU time during the recording by thread (/proc/<pid>/task; requests run on"
    echo "virtual threads, carried by the ForkJoinPool-# threads; JFR's own threads are in it):"
    echo
    thread_cpu_table "$WORK_DIR/threads-before.txt" "$WORK_DIR/threads-after.txt"
    echo
    summarize "$WORK_DIR/profile-samples.json"
  } >"$out"
  rm -f "$WORK_DIR/profile-samples.json"
  cat "$out"
  log "summary written to ${out#"$REPO_DIR"/}; recording: ${jfr#"$REPO_DIR"/}"
}

main; exit
