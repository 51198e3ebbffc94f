#!/usr/bin/env bash
# Start-up: seconds from launching the JVM to the first GET /readyz = 200, the figure scale-out
# and restarts wait for. For one build of the service, run four ways: the fat jar as built
# (`-jar target/…jar`), the jar extracted by Spring Boot's tools (`extract`: plain jars on the
# class path, which CDS needs), extracted with a CDS archive (JDK 17+, -XX:SharedArchiveFile)
# and extracted with an AOT cache (JDK 24+, -XX:AOTCache; skipped on an older JDK). Each way
# against two databases: an existing external one (the benchmark's seeded tales_bench, a
# million stories: see bench/run.sh) and the embedded default after its first start (its data
# directory already initialised). Prints the median of --runs starts of each.
#
# Usage: bench/startup.sh [--runs N] [--no-external] [JAR]
#   JAR        default: this checkout's target/tales-service-*.jar (built if missing)
#   --runs N   starts per way and database (default 5)
# Environment: JAVA_HOME (default: the JDK 25 under /usr/lib/jvm if any, else java on PATH),
#   SERVICE_JAVA_OPTS (default as bench/run.sh, the README's settings for a small host),
#   BENCH_PGPORT, BENCH_PGUSER (the benchmark's PostgreSQL; seed it with bench/run.sh first)

LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
source "$LIB/common.sh"

RUNS=5 EXTERNAL=1 JAR=""
while (($#)); do
  case "$1" in
    --runs) RUNS=$2; shift ;;
    --no-external) EXTERNAL=0 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) JAR=$1 ;;
  esac
  shift
done

if [[ -z ${JAVA_HOME:-} ]]; then
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    [[ -x $candidate/bin/java ]] && JAVA_HOME=$candidate && break
  done
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
read -r -a OPTS <<<"$SERVICE_JAVA_OPTS"
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')

if [[ -z $JAR ]]; then
  JAR=$(ls "$REPO_DIR"/target/tales-service-*.jar 2>/dev/null | grep -v original | head -n 1) || true
  if [[ -z $JAR ]]; then
    (cd "$REPO_DIR" && ./mvnw -q -DskipTests package)
    JAR=$(ls "$REPO_DIR"/target/tales-service-*.jar | grep -v original | head -n 1)
  fi
fi
take_bench_lock
WORK="$WORK_DIR/startup"
rm -rf "$WORK"
mkdir -p "$WORK"
log "jar: $JAR; java: $("$JAVA" -version 2>&1 | head -n 1) ($JAVA_MAJOR)"

# Spring Boot's extracted layout: <name>.jar with its libraries in lib/ beside it
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
APP="$WORK/app/$(basename "$JAR")"

PORT=$(free_port 18380)
MANAGEMENT_PORT=$(free_port 19380)
PID=""
stop_service() {
  [[ -n $PID ]] || return 0
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=""
}
on_exit stop_service

# one start: the seconds to the first /readyz = 200, then a clean stop
start_once() {
  local database=$1 t i code
  shift
  local env=(PORT="$PORT" TALES_MANAGEMENT_PORT="$MANAGEMENT_PORT" SERVER_ADDRESS=127.0.0.1 TALES_AUTH=none
    TALES_DATA_DIR="$WORK/data")
  [[ $database == external ]] && env+=(DATABASE_URL="postgresql://${BENCH_PGUSER:-postgres}@127.0.0.1:${BENCH_PGPORT:-5432}/tales_bench")
  t=${EPOCHREALTIME/./}
  (
    exec 9>&- # the benchmark lock stays with the script
    exec env -u SPRING_DATASOURCE_URL -u DATABASE_URL -u SUPABASE_DB_URL -u SUPABASE_URL "${env[@]}" \
      "$JAVA" "${OPTS[@]}" "$@"
  ) >>"$WORK/service.log" 2>&1 &
  PID=$!
  for ((i = 0; i < 1200; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$PORT/readyz" 2>/dev/null) || true
    [[ $code == 200 ]] && break
    kill -0 "$PID" 2>/dev/null || die "the service exited during start-up (log: $WORK/service.log)"
    sleep 0.05
  done
  [[ $code == 200 ]] || die "not ready within 60 s (log: $WORK/service.log)"
  seconds_since "$t"
  stop_service
}

median_of() {
  local database=$1 values=() i
  shift
  for ((i = 0; i < RUNS; i++)); do values+=("$(start_once "$database" "$@")"); done
  printf '%s\n' "${values[@]}" | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f (", m; for (i = 1; i <= NR; i++) printf "%s%s", v[i], (i < NR ? " " : ")") }'
}

# the embedded database's first start (initdb, migrations) is not what is measured
log "embedded database: first start, to initialise $WORK/data"
start_once embedded -jar "$JAR" >/dev/null

# training runs: start, refresh the context, exit (Spring Boot's spring.context.exit)
log "training: CDS archive"
"$JAVA" "${OPTS[@]}" -XX:ArchiveClassesAtExit="$WORK/app/tales.jsa" -Dspring.context.exit=onRefresh \
  -Dtales.storage.local-directory="$WORK/data/storage" -Dtales.database.embedded.data-directory="$WORK/data/pgdata" \
  -Dserver.port=0 -Dmanagement.server.port=0 -jar "$APP" >>"$WORK/training.log" 2>&1
WAYS=("fat jar|-jar $JAR" "extracted|-jar $APP" "extracted + CDS|-XX:SharedArchiveFile=$WORK/app/tales.jsa -jar $APP")
if ((JAVA_MAJOR >= 25)); then
  log "training: AOT cache"
  "$JAVA" "${OPTS[@]}" -XX:AOTCacheOutput="$WORK/app/tales.aot" -Dspring.context.exit=onRefresh \
    -Dtales.storage.local-directory="$WORK/data/storage" -Dtales.database.embedded.data-directory="$WORK/data/pgdata" \
    -Dserver.port=0 -Dmanagement.server.port=0 -jar "$APP" >>"$WORK/training.log" 2>&1
  WAYS+=("extracted + AOT cache|-XX:AOTCache=$WORK/app/tales.aot -jar $APP")
fi

DATABASES=(embedded)
((EXTERNAL)) && DATABASES+=(external)
header="| way |" rule="|---|"
for database in "${DATABASES[@]}"; do
  header+=" $database database: s to /readyz, median (all) |"
  rule+="---|"
done
printf '\n%s\n%s\n' "$header" "$rule"
for way in "${WAYS[@]}"; do
  label=${way%%|*}
  read -r -a args <<<"${way#*|}"
  line="| $label |"
  for database in "${DATABASES[@]}"; do
    line+=" $(median_of "$database" "${args[@]}") |"
  done
  printf '%s\n' "$line"
done
