#!/usr/bin/env bash
# The benchmark of the tales service: one command that installs its tools, finds or starts a
# PostgreSQL on loopback, seeds it, builds and starts the service as a user runs it, measures
# each figure over HTTP (wrk) and the same SQL directly (pgbench) in the same run, and prints
# one table plus a target check. See docs/performance.md.

set -euo pipefail
export LC_ALL=C

# The JVM options of the measured service. Keep in step with what the README recommends.
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
WORK_DIR="$BENCH_DIR/.work"
RESULTS_DIR="$BENCH_DIR/results"
JAR="target/tales-service-0.1.0-SNAPSHOT.jar"   # relative to REPO_DIR, as the README runs it
SERVICE_LOG="$WORK_DIR/service.log"

# Bump when bench/seed.sql changes what it writes: an older seed is then made again.
SEED_VERSION=2

usage() {
  cat <<'EOF'
Usage: bench/run.sh [--quick] [--reseed] [--no-build] [--check] [--profile] [--help]

Benchmarks the tales service against a seeded PostgreSQL on 127.0.0.1: each figure over HTTP
with wrk, and the same SQL with pgbench in the same run as its ceiling. Prints one table and
a target check, and writes bench/results/<YYYY-MM-DD-HHMMSS>[-quick].md.

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
  SERVICE_JAVA_OPTS   JVM options of the service (default: -Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000)
  BENCH_DURATION      seconds of each measured run (default 20, --quick 4)
  BENCH_JIT_WARMUP    seconds of load over all the requests before the first figure, while
                      the JIT compiles their code (default 90, --quick 12)
  BENCH_WARMUP        seconds of HTTP warm-up per figure (default 10, --quick 3)
  BENCH_RUNS          measured runs per figure, the median is reported (default 3, --quick 1)
  BENCH_PGPORT        port of the PostgreSQL to reuse or start on 127.0.0.1 (default 5432)
  BENCH_PGUSER        its superuser (default postgres); PGPASSWORD is honoured
  BENCH_PORT          first port tried for the service (default 18080)
  BENCH_PRIVATE_PG=1  always use a private cluster under bench/.work/pg
EOF
}

# ---------------------------------------------------------------------------------------
# Output

T0=${EPOCHREALTIME/./}

log() {
  local now=${EPOCHREALTIME/./}
  local tenths=$(((now - T0) / 100000))
  printf '[%4d.%ds] %s\n' $((tenths / 10)) $((tenths % 10)) "$*"
}

die() {
  printf 'bench/run.sh: error: %s\n' "$*" >&2
  exit 1
}

# seconds since the given ${EPOCHREALTIME/./} value, with 1 decimal
seconds_since() {
  local now=${EPOCHREALTIME/./}
  awk -v d=$((now - $1)) 'BEGIN { printf "%.1f", d / 1e6 }'
}

# ---------------------------------------------------------------------------------------
# Options

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

if ((QUICK)); then
  STORIES=100000 CHILDREN=1000 DEEP_ROWS=10000 DB=tales_bench_quick MODE_LABEL=" (--quick)"
  DURATION=${BENCH_DURATION:-4} WARMUP=${BENCH_WARMUP:-3} RUNS=${BENCH_RUNS:-1} JIT_WARMUP=${BENCH_JIT_WARMUP:-12}
else
  STORIES=1000000 CHILDREN=10000 DEEP_ROWS=100000 DB=tales_bench MODE_LABEL=""
  DURATION=${BENCH_DURATION:-20} WARMUP=${BENCH_WARMUP:-10} RUNS=${BENCH_RUNS:-3} JIT_WARMUP=${BENCH_JIT_WARMUP:-90}
fi
for v in DURATION WARMUP RUNS JIT_WARMUP; do
  if ! [[ ${!v} =~ ^[0-9]+$ ]] || ((${!v} == 0)); then
    die "BENCH_$v must be a positive whole number, not '${!v}'"
  fi
done
IDS_COUNT=100000
WRK_THREADS=2 WRK_CONNECTIONS=64
# wrk's default 2 s would turn the slow answers of a busy shared machine into "socket errors"
# and drop them from the latency histogram; a request that takes longer than this still does.
WRK_TIMEOUT=10s
PGBENCH_CLIENTS=32 PGBENCH_JOBS=2
PAGE_HOP=500   # page size used to walk to the deep cursor

# The major version of a java binary (17, 21, 25...), empty if it does not run.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# Users run the service on Java 21 or newer (the Docker image does), where requests run on
# virtual threads: measure that. JAVA_HOME, when set, decides.
if [[ -n ${JAVA_HOME:-} ]]; then
  JAVA="$JAVA_HOME/bin/java"
  [[ -x $JAVA ]] || die "JAVA_HOME is set but $JAVA is not executable"
else
  JAVA=java
  if [[ $(java_major java) -lt 21 ]]; then
    best=0
    for candidate in /usr/lib/jvm/*/bin/java; do
      [[ -x $candidate ]] || continue
      major=$(java_major "$candidate")
      if [[ -n $major ]] && ((major >= 21 && major > best)); then best=$major JAVA=$candidate; fi
    done
    unset best major candidate
  fi
  # the build uses the same JDK
  [[ $JAVA == java ]] || export JAVA_HOME="${JAVA%/bin/java}"
fi

# ---------------------------------------------------------------------------------------
# Clean-up: everything this script started, and only that, on every exit path

SERVICE_PID=""
SAMPLER_PID=""
PG_STARTED=""        # "debian <version> <cluster>" or "private <bin dir>"

stop_sampler() {
  if [[ -n $SAMPLER_PID ]]; then
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
  fi
}

stop_service() {
  [[ -n $SERVICE_PID ]] || return 0
  local pid=$SERVICE_PID i
  SERVICE_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "the service did not stop within 30 s of SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # reached through cleanup, the EXIT trap
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

# shellcheck disable=SC2317  # the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ((status != 0)) && [[ -n $SERVICE_PID$SAMPLER_PID$PG_STARTED ]]; then
    log "exiting with status $status: stopping what this run started"
  fi
  stop_sampler
  stop_service
  stop_postgres
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------
# Tools

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

# The newest PostgreSQL major installed the Debian way (/usr/lib/postgresql/<major>/bin).
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

ensure_tools() {
  local missing=() bin major
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v psql >/dev/null && command -v pg_isready >/dev/null || missing+=(postgresql-client)
  command -v wrk >/dev/null || missing+=(wrk)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"

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

# ---------------------------------------------------------------------------------------
# PostgreSQL on 127.0.0.1

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
  local port=$1
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

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

# ---------------------------------------------------------------------------------------
# The service

build_jar() {
  if ((NO_BUILD)) && [[ -f $REPO_DIR/$JAR ]]; then
    log "--no-build: using the existing $JAR"
    return
  fi
  local t=${EPOCHREALTIME/./}
  log "building the jar: ./mvnw -B -q -DskipTests package"
  (cd "$REPO_DIR" && ./mvnw -B -q -DskipTests package) >"$WORK_DIR/build.log" 2>&1 ||
    { tail -n 40 "$WORK_DIR/build.log" >&2; die "the build failed (log: $WORK_DIR/build.log)"; }
  [[ -f $REPO_DIR/$JAR ]] || die "the build made no $JAR"
  log "built in $(seconds_since "$t") s"
}

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

# An HS256 JWT of the back-office (service_role), signed with this run's secret.
make_token() {
  local header payload signature exp
  exp=$(($(date +%s) + 86400))
  header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"role":"service_role","iss":"supabase","exp":%d}' "$exp" | b64url)
  signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -hmac "$JWT_SECRET" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}

# Starts the jar as the README says, waits for GET /readyz = 200 and sets STARTUP_SECONDS
# (launch to first 200) and SPRING_STARTED (Spring's own "Started ... in X seconds").
start_service() {
  local label=$1 extra_opts=() opts=() userinfo offset t i code
  shift
  extra_opts=("$@")
  read -r -a opts <<<"$SERVICE_JAVA_OPTS"
  userinfo=$(urlencode "$PGUSER")
  [[ -z ${PGPASSWORD:-} ]] || userinfo+=":$(urlencode "$PGPASSWORD")"
  SERVICE_PORT=$(free_port "${BENCH_PORT:-18080}")
  BASE_URL="http://127.0.0.1:$SERVICE_PORT"
  mkdir -p "$WORK_DIR/data"
  touch "$SERVICE_LOG"
  offset=$(stat -c %s "$SERVICE_LOG")
  printf '\n===== %s: %s (%s) =====\n' "$(date -u +%FT%TZ)" "$label" "$DB" >>"$SERVICE_LOG"
  log "starting the service ($label) on $BASE_URL: $(printf '%s ' "$JAVA" "${opts[@]}" "${extra_opts[@]}")-jar $JAR"
  t=${EPOCHREALTIME/./}
  (
    cd "$REPO_DIR"
    exec env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
      -u SUPABASE_DB_URL -u MIGRATION_DATABASE_URL -u SUPABASE_URL -u SUPABASE_SERVICE_KEY \
      -u SUPABASE_SERVICE_ROLE_KEY -u SUPABASE_KEY -u TALES_AUTH -u TALES_AUTH_JWKS_URI \
      DATABASE_URL="postgresql://$userinfo@127.0.0.1:$PGPORT/$DB" \
      SERVER_ADDRESS=127.0.0.1 \
      PORT="$SERVICE_PORT" \
      TALES_DATA_DIR="$WORK_DIR/data" \
      SUPABASE_JWT_SECRET="$JWT_SECRET" \
      TALES_AUTH_ISSUER="http://127.0.0.1:9/auth/v1" \
      "$JAVA" "${opts[@]}" "${extra_opts[@]}" -jar "$JAR"
  ) >>"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
  for ((i = 0; ; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/readyz" 2>/dev/null) || true
    [[ $code == 200 ]] && break
    if ! kill -0 "$SERVICE_PID" 2>/dev/null || ((i > 1800)); then
      printf -- '--- tail of %s ---\n' "$SERVICE_LOG" >&2
      tail -c +"$((offset + 1))" "$SERVICE_LOG" | tail -n 40 >&2
      kill -0 "$SERVICE_PID" 2>/dev/null && die "the service was not ready within 180 s"
      SERVICE_PID=""
      die "the service exited during start-up (log: $SERVICE_LOG)"
    fi
    sleep 0.1
  done
  STARTUP_SECONDS=$(seconds_since "$t")
  SPRING_STARTED=$(tail -c +"$((offset + 1))" "$SERVICE_LOG" |
    grep -o 'Started [A-Za-z]* in [0-9.]* seconds' | head -n 1 | awk '{ print $4 }') || true
  log "ready after $STARTUP_SECONDS s (GET /readyz = 200; Spring: started in ${SPRING_STARTED:-?} s)"
}

service_alive() {
  [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null
}

# Background sampler: the service's RSS and the load average, every second.
start_sampler() {
  local pid=$SERVICE_PID
  (
    nap=""
    trap 'kill $nap 2>/dev/null; exit 0' TERM
    while kill -0 "$pid" 2>/dev/null; do
      printf '%s %s %s\n' "$(date +%s)" \
        "$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)" \
        "$(cut -d' ' -f1 /proc/loadavg)"
      sleep 1 &
      nap=$!
      wait "$nap" || true
    done
  ) >"$WORK_DIR/samples.txt" &
  SAMPLER_PID=$!
}

# ---------------------------------------------------------------------------------------
# The database and its seed

seeded_rows() {
  sql "$DB" -c "SELECT CASE WHEN (SELECT count(*) FROM public.bench_seed
                                    WHERE stories = $STORIES AND children = $CHILDREN
                                      AND seed_version = $SEED_VERSION) = 1
                            THEN (SELECT count(*) FROM tales.stories) END" 2>/dev/null || true
}

prepare_database() {
  local exists rows t
  exists=$(sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")
  if [[ -n $exists ]] && ((!RESEED)); then
    # rows left by an interrupted insert measurement
    sql "$DB" -c "DELETE FROM tales.stories WHERE model_used = 'bench-insert'" 2>/dev/null || true
    rows=$(seeded_rows)
    if [[ $rows == "$STORIES" ]]; then
      log "reusing database $DB: seeded with $(thousands "$STORIES") stories (--reseed to seed again)"
      return
    fi
    log "database $DB does not hold the expected seed: making it again"
  fi
  if [[ -n $exists ]]; then
    log "dropping database $DB"
    sql postgres -c "DROP DATABASE \"$DB\" WITH (FORCE)"
  fi
  sql postgres -c "CREATE DATABASE \"$DB\""
  start_service "migration"
  stop_service

  t=${EPOCHREALTIME/./}
  log "seeding $(thousands "$STORIES") stories and $(thousands "$CHILDREN") children (bench/seed.sql)"
  sql "$DB" -v stories="$STORIES" -v children="$CHILDREN" -v seed_version="$SEED_VERSION" \
    -f "$BENCH_DIR/seed.sql" | while IFS= read -r line; do log "  seed: $line"; done
  sql "$DB" -c "UPDATE public.bench_seed SET seconds = $(seconds_since "$t")"
  log "VACUUM ANALYZE"
  sql "$DB" -c "VACUUM (ANALYZE)"
  sql "$DB" -c "CHECKPOINT"
  log "seeded in $(seconds_since "$t") s: $(sql "$DB" -F ' ' -c "
      SELECT format('content %s-%s bytes (avg %s), stories table with indexes and TOAST %s',
                    min(octet_length(content)), max(octet_length(content)),
                    round(avg(octet_length(content))), pg_size_pretty(pg_total_relation_size('tales.stories')))
      FROM tales.stories")"
}

# The files and values the load generators need, all derived from the seed.
prepare_inputs() {
  local row
  sql "$DB" -c "SELECT md5('story' || (1 + (hashint8extended(k, 4242) & 2147483647) % $STORIES))::uuid
                FROM generate_series(1, $IDS_COUNT) k" >"$WORK_DIR/ids.txt"

  # a ~4 KB English story of the seed; the same values as bench/pgbench/insert.sql
  local pick="SELECT content FROM tales.stories
              WHERE id IN (SELECT md5('story' || i)::uuid FROM generate_series(1, 5000) i)
                AND language = 'en' AND octet_length(content) BETWEEN 3900 AND 4300
                AND content NOT LIKE E'%\n'
              ORDER BY id LIMIT 1"
  INSERT_CONTENT=$(sql "$DB" -c "$pick")
  [[ -n $INSERT_CONTENT ]] || die "no ~4 KB story in the seed to post"
  sql "$DB" -c "SELECT json_build_object(
      'title', 'The Brave Little Dragon', 'content', ($pick), 'moral', 'Courage grows when it is shared.',
      'childName', 'Alice', 'childAge', 6, 'childGender', 'girl', 'childInterests', json_build_array('dragons', 'space'),
      'language', 'en', 'modelUsed', 'bench-insert',
      'generationInfo', json_build_object('temperature', 0.7, 'maxTokens', 2000, 'promptTokens', 312,
                                          'completionTokens', 1024, 'durationMs', 5234))" >"$WORK_DIR/insert-body.json"

  # the row DEEP_ROWS deep in the ru list: the pgbench deep query starts after it
  row=$(PGTZ=UTC sql "$DB" -F ' ' -c "SELECT created_at, id FROM tales.stories WHERE language = 'ru'
                                      ORDER BY created_at DESC, id DESC OFFSET $((DEEP_ROWS - 1)) LIMIT 1")
  DEEP_TS=${row% *}
  DEEP_ID=${row##* }
  [[ -n $DEEP_ID ]] || die "the seed has fewer than $DEEP_ROWS ru stories"
}

# Follows rel="next" from the first ru page to the cursor after row DEEP_ROWS.
find_deep_cursor() {
  local hops=$((DEEP_ROWS / PAGE_HOP)) h after="" code link decoded
  log "walking $hops pages of $PAGE_HOP (Link: rel=\"next\") to the cursor $(thousands "$DEEP_ROWS") rows deep"
  for ((h = 0; h < hops; h++)); do
    code=$(curl -s -o /dev/null -D "$WORK_DIR/headers.txt" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      "$BASE_URL/stories?language=ru&limit=$PAGE_HOP${after:+&after=$after}")
    [[ $code == 200 ]] || die "GET /stories (page $((h + 1))) answered $code"
    link=$(tr -d '\r' <"$WORK_DIR/headers.txt" | sed -n 's/^[Ll]ink: *<\([^>]*\)>; *rel="next".*/\1/p')
    [[ $link == *after=* ]] || die "page $((h + 1)) has no Link rel=\"next\" with an after cursor"
    after=${link##*after=}
    after=${after%%&*}
  done
  DEEP_CURSOR=$after
  # the cursor is opaque to clients; here it is only checked against the SQL row
  decoded=$(printf '%s' "$DEEP_CURSOR" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' |
    openssl base64 -d -A 2>/dev/null) || true
  if [[ $decoded != *"~$DEEP_ID" ]]; then
    log "warning: the cursor does not name row $DEEP_ROWS of the SQL ordering ($DEEP_ID): '$decoded'"
  fi
}

cleanup_inserts() {
  sql "$DB" -c "DELETE FROM tales.stories WHERE model_used = 'bench-insert'"
  sql "$DB" -c "VACUUM tales.stories"
}

# ---------------------------------------------------------------------------------------
# Measurements

declare -A R=()   # R[figure,run,key]: run = warmup | 1..RUNS | pg1..pgRUNS

run_wrk() {
  local figure=$1 run=$2 seconds=$3 script=$4 url=$5 out kv
  out="$WORK_DIR/raw/$figure-wrk-$run.txt"
  BENCH_WRK_DIR="$BENCH_DIR/wrk" BENCH_TOKEN=$TOKEN BENCH_IDS="$WORK_DIR/ids.txt" \
    BENCH_BODY="$WORK_DIR/insert-body.json" \
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency -s "$BENCH_DIR/wrk/$script" "$url" \
    >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($figure, $run)"; }
  local line
  line=$(grep '^BENCH_RESULT' "$out") || { cat "$out" >&2; die "no result from wrk ($figure, $run)"; }
  for kv in ${line#BENCH_RESULT }; do
    R[$figure,$run,${kv%%=*}]=${kv#*=}
  done
  service_alive || die "the service died during $figure (log: $SERVICE_LOG)"
}

run_pgbench() {
  local figure=$1 run=$2 script=$3 out tps
  shift 3
  out="$WORK_DIR/raw/$figure-pgbench-$run.txt"
  "$PGBENCH" -n -M prepared -c"$PGBENCH_CLIENTS" -j"$PGBENCH_JOBS" -T "$DURATION" "$@" \
    -f "$BENCH_DIR/pgbench/$script" "$DB" >"$out" 2>&1 || { tail -n 20 "$out" >&2; die "pgbench failed ($figure, $run)"; }
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | tail -n 1)
  [[ -n $tps ]] || { cat "$out" >&2; die "no tps from pgbench ($figure, $run)"; }
  R[$figure,pg$run,tps]=$tps
}

# For tens of seconds after start-up the JIT is still compiling the request paths (on two
# shared cores, GET by id answered at a third of its later rate after 5 s, two thirds after
# 15 s). A user's service runs for hours: load every request of the figures in turn first,
# so that none is measured, nor its first runs compared, while its code is half compiled.
warm_up_service() {
  local each=$(((JIT_WARMUP + 3) / 4)) q="language=ru&limit=50"
  log "service warm-up: ${JIT_WARMUP} s over GET by id, the list, the sparse list and POST (the JIT compiles them)"
  run_wrk jit byid "$each" byid.lua "$BASE_URL/stories/"
  run_wrk jit list "$each" get.lua "$BASE_URL/stories?$q"
  run_wrk jit sparse "$each" get.lua "$BASE_URL/stories?$q&fields=id,title,language,rating,createdAt"
  run_wrk jit insert "$each" insert.lua "$BASE_URL/stories"
  cleanup_inserts
}

# One figure: an HTTP warm-up, then RUNS pairs of (wrk run, pgbench run) interleaved, so
# both sides of the ratio see the same background load of a shared machine.
measure() {
  local figure=$1 script=$2 url=$3 pgscript=$4 r
  shift 4
  log "$figure: warm-up ${WARMUP} s  (wrk $url)"
  run_wrk "$figure" warmup "$WARMUP" "$script" "$url"
  [[ $figure != insert ]] || cleanup_inserts
  for ((r = 1; r <= RUNS; r++)); do
    log "$figure: HTTP run $r/$RUNS, ${DURATION} s"
    run_wrk "$figure" "$r" "$DURATION" "$script" "$url"
    log "$figure:   $(printf '%.0f' "${R[$figure,$r,rps]}") req/s, p50 ${R[$figure,$r,p50_ms]} ms, p99 ${R[$figure,$r,p99_ms]} ms, non-2xx ${R[$figure,$r,non2xx]}, socket errors ${R[$figure,$r,socket_errors]}"
    [[ $figure != insert ]] || cleanup_inserts
    log "$figure: pgbench run $r/$RUNS, ${DURATION} s  (bench/pgbench/$pgscript)"
    run_pgbench "$figure" "$r" "$pgscript" "$@"
    log "$figure:   $(printf '%.0f' "${R[$figure,pg$r,tps]}") tps"
    [[ $figure != insert ]] || cleanup_inserts
  done
}

# What one request answers before a figure is measured, to say why a figure has errors.
probe() {
  local figure=$1 method=$2 url=$3 code
  if [[ $method == POST ]]; then
    code=$(curl -s -o "$WORK_DIR/probe-$figure.txt" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data-binary "@$WORK_DIR/insert-body.json" "$url")
  else
    code=$(curl -s -o "$WORK_DIR/probe-$figure.txt" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url")
  fi
  PROBE[$figure]=$code
  case "$figure,$code" in
    sparse,200)
      if grep -q '"content"' "$WORK_DIR/probe-$figure.txt"; then
        PROBE[$figure]="200, fields= ignored"
        log "sparse: GET answered 200 with whole stories: this build ignores fields= (it does not answer 400 either)"
      fi
      ;;
    insert,201 | byid,200 | list,200 | deep,200) ;;
    sparse,400) log "sparse: GET answered 400: this build does not accept fields= yet (expected until it lands)" ;;
    *) log "warning: $figure answered $code: $(head -c 300 "$WORK_DIR/probe-$figure.txt")" ;;
  esac
}

median() {
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# median of R[figure,run,key] over the measured runs (prefix "pg" for pgbench)
median_of() {
  local figure=$1 prefix=$2 key=$3 r values=()
  for ((r = 1; r <= RUNS; r++)); do values+=("${R[$figure,$prefix$r,$key]}"); done
  median "${values[@]}"
}

sum_of() {
  local figure=$1 key=$2 r total=0
  for ((r = 1; r <= RUNS; r++)); do total=$((total + ${R[$figure,$r,$key]})); done
  echo "$total"
}

fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }

# 1000000 -> 1,000,000 (the C locale has no thousands separator for printf)
thousands() { printf '%s' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# ---------------------------------------------------------------------------------------
# Profile summary

hot_methods() {
  local jfr_file=$1 out=$2 tool candidate
  tool="$(dirname "$(command -v "$JAVA")")/jfr"
  [[ -x $tool ]] || tool=$(command -v jfr || true)
  [[ -n $tool ]] || { echo "no jfr tool found" >"$out"; return; }
  # jfr view (JDK 21+) reads a recording of an older JDK too: use any JDK that has it
  for candidate in "$tool" /usr/lib/jvm/*/bin/jfr; do
    [[ -x $candidate ]] || continue
    if "$candidate" view hot-methods "$jfr_file" >"$out" 2>/dev/null; then
      printf '\n(%s view hot-methods)\n' "$candidate" >>"$out"
      return
    fi
  done
  # JDK 17's jfr has no view: count the top frame of each execution sample
  {
    echo "Hottest methods: top frame of jdk.ExecutionSample events ($tool print)"
    echo
    printf '%8s %6s  %s\n' samples share method
    "$tool" print --events jdk.ExecutionSample --stack-depth 1 "$jfr_file" |
      awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*$/, ""); count[$0]++; n++ }
           END { for (m in count) printf "%8d %5.1f%%  %s\n", count[m], 100 * count[m] / n, m }' |
      sort -rn | head -n 40
  } >"$out"
}

# ---------------------------------------------------------------------------------------
# Main

main() {
  local stamp result_file suffix="" t_all=${EPOCHREALTIME/./}
  mkdir -p "$WORK_DIR/raw" "$RESULTS_DIR"
  stamp=$(date +%Y-%m-%d-%H%M%S)
  ((QUICK)) && suffix=-quick
  result_file="$RESULTS_DIR/$stamp$suffix.md"
  : >"$SERVICE_LOG"
  # what is measured is what was checked out when the run began
  START_DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
  GIT_COMMIT=$(git -C "$REPO_DIR" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
  GIT_BRANCH=$(git -C "$REPO_DIR" rev-parse --abbrev-ref HEAD 2>/dev/null || echo '?')
  GIT_DIRTY=$(git -C "$REPO_DIR" status --porcelain -- src pom.xml db 2>/dev/null | head -n 1)

  log "tales benchmark$MODE_LABEL: $(thousands "$STORIES") stories, ${RUNS} x ${DURATION} s per figure after ${WARMUP} s of warm-up ($JIT_WARMUP s of service warm-up first)"
  local major
  major=$(java_major "$JAVA")
  log "java: $JAVA (Java ${major:-?}${major:+, }$( ((${major:-0} >= 21)) && echo "virtual threads" || echo "no virtual threads: set JAVA_HOME to a JDK 21+")), options: $SERVICE_JAVA_OPTS"
  ensure_tools
  setup_postgres
  build_jar

  JWT_SECRET=$(openssl rand -hex 24)   # 48 characters, new for every run
  TOKEN=$(make_token)

  prepare_database
  prepare_inputs

  local profile_opts=()
  if ((PROFILE)); then
    rm -f "$WORK_DIR/profile.jfr"
    profile_opts=("-XX:StartFlightRecording=filename=$WORK_DIR/profile.jfr,settings=profile,dumponexit=true")
  fi
  start_service "measured" "${profile_opts[@]}"
  local startup=$STARTUP_SECONDS spring_started=${SPRING_STARTED:-}
  start_sampler
  find_deep_cursor

  declare -gA PROBE=()
  local q="language=ru&limit=50"
  warm_up_service
  probe byid GET "$BASE_URL/stories/$(head -n 1 "$WORK_DIR/ids.txt")"
  measure byid byid.lua "$BASE_URL/stories/" byid.sql -D stories="$STORIES"
  probe list GET "$BASE_URL/stories?$q"
  measure list get.lua "$BASE_URL/stories?$q" list.sql
  probe deep GET "$BASE_URL/stories?$q&after=$DEEP_CURSOR"
  measure deep get.lua "$BASE_URL/stories?$q&after=$DEEP_CURSOR" deep.sql -D ts="$DEEP_TS" -D id="$DEEP_ID"
  probe sparse GET "$BASE_URL/stories?$q&fields=id,title,language,rating,createdAt"
  measure sparse get.lua "$BASE_URL/stories?$q&fields=id,title,language,rating,createdAt" sparse.sql
  probe insert POST "$BASE_URL/stories"
  cleanup_inserts
  measure insert insert.lua "$BASE_URL/stories" insert.sql -D content="$INSERT_CONTENT"

  local hwm_kb rss_mb
  hwm_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVICE_PID/status")
  rss_mb=$(awk -v k="$hwm_kb" 'BEGIN { printf "%.0f", k / 1024 }')
  stop_sampler
  log "stopping the service"
  stop_service

  local profile_note=""
  if ((PROFILE)); then
    if [[ -s $WORK_DIR/profile.jfr ]]; then
      cp "$WORK_DIR/profile.jfr" "$RESULTS_DIR/$stamp$suffix.jfr"
      hot_methods "$WORK_DIR/profile.jfr" "$RESULTS_DIR/$stamp$suffix-hot-methods.txt"
      profile_note="JFR recording: bench/results/$stamp$suffix.jfr; hottest methods: bench/results/$stamp$suffix-hot-methods.txt"
      log "profile: $profile_note"
    else
      profile_note="JFR recording: none was written"
      log "warning: no JFR recording in $WORK_DIR/profile.jfr"
    fi
  fi

  write_report "$result_file" "$rss_mb" "$startup" "$spring_started" "$profile_note" "$(seconds_since "$t_all")"
  cat "$WORK_DIR/report.md"
  log "results written to ${result_file#"$REPO_DIR"/}"
  if ((CHECK)) && ((FAILED)); then
    exit 1
  fi
}

FAILED=0

write_report() {
  local result_file=$1 rss_mb=$2 startup=$3 spring_started=$4 profile_note=$5 wall=$6
  local figure rps p50 p99 non2xx sockerr tps ratio note lines=() checks=() f
  local -A M=()
  for figure in byid list deep sparse insert; do
    M[$figure,rps]=$(median_of "$figure" "" rps)
    M[$figure,p50]=$(median_of "$figure" "" p50_ms)
    M[$figure,p99]=$(median_of "$figure" "" p99_ms)
    M[$figure,tps]=$(median_of "$figure" pg tps)
    M[$figure,non2xx]=$(sum_of "$figure" non2xx)
    M[$figure,sockerr]=$(sum_of "$figure" socket_errors)
    M[$figure,ratio]=$(awk -v a="${M[$figure,rps]}" -v b="${M[$figure,tps]}" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')
  done
  M[deep,vs_list]=$(awk -v a="${M[deep,rps]}" -v b="${M[list,rps]}" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')

  {
    echo "| figure | HTTP req/s | p50 ms | p99 ms | non-2xx | socket errors | pgbench tps | HTTP/pgbench | note |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    for figure in byid list deep sparse insert; do
      note=""
      case "$figure" in
        byid) note="GET /stories/{id}, random of $(thousands "$IDS_COUNT") ids" ;;
        list) note="GET /stories?language=ru&limit=50" ;;
        deep) note="same, $(thousands "$DEEP_ROWS") rows deep (after=); deep/list = ${M[deep,vs_list]}x" ;;
        sparse) note="fields=id,title,language,rating,createdAt"
          [[ ${PROBE[sparse]} == 200 ]] || note+="; answered ${PROBE[sparse]}" ;;
        insert) note="POST /stories, 4 KB body; answered ${PROBE[insert]}" ;;
      esac
      printf '| %s | %s | %s | %s | %s | %s | %s | %s %% | %s |\n' "$figure" \
        "$(fmt "${M[$figure,rps]}" '%.0f')" "$(fmt "${M[$figure,p50]}" '%.1f')" "$(fmt "${M[$figure,p99]}" '%.1f')" \
        "${M[$figure,non2xx]}" "${M[$figure,sockerr]}" "$(fmt "${M[$figure,tps]}" '%.0f')" "${M[$figure,ratio]}" "$note"
    done
  } >"$WORK_DIR/table.md"

  # the target check
  check() { # name, condition (awk expression), shown value
    if awk "BEGIN { exit !($2) }"; then checks+=("PASS  $1: $3"); else checks+=("FAIL  $1: $3"); FAILED=1; fi
  }
  check "byid >= 25 % of pgbench" "${M[byid,ratio]} >= 25" "${M[byid,ratio]} %"
  check "list >= 40 % of pgbench" "${M[list,ratio]} >= 40" "${M[list,ratio]} %"
  check "deep >= 0.8 x list" "${M[deep,vs_list]} >= 0.8" "${M[deep,vs_list]} x"
  check "insert >= 35 % of pgbench" "${M[insert,ratio]} >= 35" "${M[insert,ratio]} %"
  check "byid p99 <= 25 ms" "${M[byid,p99]} <= 25" "$(fmt "${M[byid,p99]}" '%.1f') ms"
  local bad=0 bad_list=""
  for figure in byid list deep sparse insert; do
    f=$((${M[$figure,non2xx]} + ${M[$figure,sockerr]}))
    if ((f > 0)); then bad=$((bad + f)); bad_list+=" $figure=$f"; fi
  done
  check "0 non-2xx (and socket errors) in all HTTP runs" "$bad == 0" "$bad${bad_list:+ (}${bad_list# }${bad_list:+)}"
  check "peak RSS <= 400 MB" "$rss_mb <= 400" "$rss_mb MB"

  # the environment
  local java_version load
  java_version=$("$JAVA" -version 2>&1 | head -n 1)
  load=$(awk '$3 != "" { if (min == "" || $3 < min) min = $3; if ($3 > max) max = $3 } END { if (min != "") printf "%s-%s", min, max; else printf "?" }' "$WORK_DIR/samples.txt")
  lines=(
    "- service peak RSS under load (VmHWM after the last load): $rss_mb MB  (SERVICE_JAVA_OPTS=$SERVICE_JAVA_OPTS)"
    "- start-up on the seeded database (launch to first GET /readyz = 200): $startup s (Spring: started in ${spring_started:-?} s)"
    "- java: $java_version ($JAVA)"
    "- PostgreSQL: $PG_VERSION on 127.0.0.1:$PGPORT, database $DB"
    "- git commit: $GIT_COMMIT${GIT_DIRTY:+ (src/pom.xml/db modified)} ($GIT_BRANCH)"
    "- date: $START_DATE (start of the run)"
    "- seed: $(thousands "$STORIES") stories, $(thousands "$CHILDREN") children; deep page $(thousands "$DEEP_ROWS") rows deep"
    "- load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS --timeout $WRK_TIMEOUT --latency; pgbench -n -M prepared -c$PGBENCH_CLIENTS -j$PGBENCH_JOBS; median of $RUNS run(s) of $DURATION s after $WARMUP s of HTTP warm-up per figure, and $JIT_WARMUP s of service warm-up before the first"
    "- machine: $(nproc) cores, load average (1 min) during the measurements $load; wall time of this run $wall s"
  )
  [[ -z $profile_note ]] || lines+=("- $profile_note")

  {
    echo "# Benchmark $stamp$MODE_LABEL"
    echo
    cat "$WORK_DIR/table.md"
    echo
    printf '%s\n' "${lines[@]}"
    echo
    echo "## Target check"
    echo
    echo '```'
    printf '%s\n' "${checks[@]}"
    echo '```'
    echo
    echo "## Raw runs"
    echo
    echo "| figure | run | HTTP req/s | p50 ms | p99 ms | max ms | requests | non-2xx | socket errors | pgbench tps |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    local r
    for figure in byid list deep sparse insert; do
      for r in warmup $(seq 1 "$RUNS"); do
        tps=-
        [[ $r == warmup ]] || tps=$(fmt "${R[$figure,pg$r,tps]}" '%.1f')
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$figure" "$r" \
          "$(fmt "${R[$figure,$r,rps]}" '%.1f')" "${R[$figure,$r,p50_ms]}" "${R[$figure,$r,p99_ms]}" \
          "${R[$figure,$r,max_ms]}" "${R[$figure,$r,requests]}" "${R[$figure,$r,non2xx]}" \
          "${R[$figure,$r,socket_errors]}" "$tps"
      done
    done
  } >"$WORK_DIR/report.md"
  cp "$WORK_DIR/report.md" "$result_file"
}

# one line, so that bash has read all of it before it runs: editing this file while it runs
# cannot change what the running script does next
main "$@"; exit
