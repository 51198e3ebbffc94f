#!/usr/bin/env bash
# bench/lib/service.sh: starts and stops service jars as a user runs them, with the README's
# small-host JVM flags (SERVICE_JAVA_OPTS), authentication on, against the benchmark
# database; waits for GET /readyz = 200; pauses (SIGSTOP) and resumes (SIGCONT) one so that
# an idle service takes no CPU from a measured one. Several services may be defined, each
# under a name (run.sh: "migration", "measured"; compare.sh: "old", "new").
# Sourced after bench/lib/common.sh, bench/lib/build.sh and bench/lib/postgres.sh.

set -euo pipefail

# Per service name: the jar, its log, its data directory, its extra options (words that
# start with "--" are arguments of the application, after -jar, e.g. --management.x=y;
# NAME=value words its environment; the other words JVM options), and once started its pid,
# URL and start-up times.
declare -A SVC_JAR=() SVC_LOG=() SVC_DATA=() SVC_EXTRA=()
declare -A SVC_PID=() SVC_URL=() SVC_STARTUP=() SVC_SPRING=()
# SVC_KIND[name]: empty for the service, "platformatic" for bench/peer.sh's peer (its URLs
# differ: see figure_spec)
declare -A SVC_KIND=()

define_service() {
  local name=$1
  SVC_JAR[$name]=$2 SVC_LOG[$name]=$3 SVC_DATA[$name]=$4 SVC_EXTRA[$name]=${5:-}
}

# A new JWT secret (48 characters) and the token every request carries: an HS256 JWT of the
# back-office (service_role), which sees every row, so the service's SQL is pgbench's SQL.
new_auth() {
  local header payload signature exp
  JWT_SECRET=$(openssl rand -hex 24)
  exp=$(($(date +%s) + 86400))
  header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"role":"service_role","iss":"supabase","exp":%d}' "$exp" | b64url)
  signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -hmac "$JWT_SECRET" -binary | b64url)
  TOKEN="$header.$payload.$signature"
}

# Starts service $1 on the next free port from BENCH_PORT against database DB, waits for
# GET /readyz = 200 and records SVC_STARTUP (launch to first 200) and SVC_SPRING (Spring's
# own "Started ... in X seconds").
start_service() {
  local name=$1 jar=${SVC_JAR[$1]} service_log=${SVC_LOG[$1]} opts=() jvm_extra=() app_args=() env_extra=()
  local words=() word userinfo offset t i code port management_port pid
  read -r -a opts <<<"$SERVICE_JAVA_OPTS"
  read -r -a words <<<"${SVC_EXTRA[$name]}"
  # --name=value: the application's; NAME=value: the environment's (MALLOC_ARENA_MAX=2);
  # anything else: the JVM's
  for word in "${words[@]}"; do
    if [[ $word == --* ]]; then
      app_args+=("$word")
    elif [[ $word =~ ^[A-Z_][A-Z0-9_]*= ]]; then
      env_extra+=("$word")
    else
      jvm_extra+=("$word")
    fi
  done
  userinfo=$(urlencode "$PGUSER")
  [[ -z ${PGPASSWORD:-} ]] || userinfo+=":$(urlencode "$PGPASSWORD")"
  port=$(free_port "${BENCH_PORT:-18080}")
  # /metrics: each service its own management port (both jars of compare.sh run at once)
  management_port=$(free_port "$((${BENCH_PORT:-18080} + 1000))")
  SVC_URL[$name]="http://127.0.0.1:$port"
  mkdir -p "${SVC_DATA[$name]}"
  touch "$service_log"
  offset=$(stat -c %s "$service_log")
  printf '\n===== %s: %s (%s) =====\n' "$(date -u +%FT%TZ)" "$name" "$DB" >>"$service_log"
  log "starting the service ($name) on ${SVC_URL[$name]}: ${env_extra[*]:+${env_extra[*]} }$(printf '%s ' "$JAVA" "${opts[@]}" "${jvm_extra[@]}")-jar $jar${app_args[*]:+ ${app_args[*]}}"
  on_exit stop_all_services
  t=${EPOCHREALTIME/./}
  (
    exec 9>&- # the benchmark lock stays with the script
    cd "$REPO_DIR"
    exec env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
      -u SUPABASE_DB_URL -u MIGRATION_DATABASE_URL -u SUPABASE_URL -u SUPABASE_SERVICE_KEY \
      -u SUPABASE_SERVICE_ROLE_KEY -u SUPABASE_KEY -u TALES_AUTH -u TALES_AUTH_JWKS_URI \
      DATABASE_URL="postgresql://$userinfo@127.0.0.1:$PGPORT/$DB" \
      SERVER_ADDRESS=127.0.0.1 \
      PORT="$port" \
      TALES_MANAGEMENT_PORT="$management_port" \
      TALES_DATA_DIR="${SVC_DATA[$name]}" \
      SUPABASE_JWT_SECRET="$JWT_SECRET" \
      TALES_AUTH_ISSUER="http://127.0.0.1:9/auth/v1" \
      "${env_extra[@]}" \
      "$JAVA" "${opts[@]}" "${jvm_extra[@]}" -jar "$jar" "${app_args[@]}"
  ) >>"$service_log" 2>&1 &
  pid=$!
  SVC_PID[$name]=$pid
  for ((i = 0; ; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${SVC_URL[$name]}/readyz" 2>/dev/null) || true
    [[ $code == 200 ]] && break
    if ! kill -0 "$pid" 2>/dev/null || ((i > 1800)); then
      printf -- '--- tail of %s ---\n' "$service_log" >&2
      tail -c +"$((offset + 1))" "$service_log" | tail -n 40 >&2
      kill -0 "$pid" 2>/dev/null && die "the service ($name) was not ready within 180 s"
      unset "SVC_PID[$name]"
      die "the service ($name) exited during start-up (log: $service_log)"
    fi
    sleep 0.1
  done
  SVC_STARTUP[$name]=$(seconds_since "$t")
  SVC_SPRING[$name]=$(tail -c +"$((offset + 1))" "$service_log" |
    grep -o 'Started [A-Za-z]* in [0-9.]* seconds' | head -n 1 | awk '{ print $4 }') || true
  log "ready after ${SVC_STARTUP[$name]} s (GET /readyz = 200; Spring: started in ${SVC_SPRING[$name]:-?} s)"
}

service_alive() {
  [[ -n ${SVC_PID[$1]:-} ]] && kill -0 "${SVC_PID[$1]}" 2>/dev/null
}

# SIGSTOP: the JVM keeps its memory, compiled code and connections, and uses no CPU.
pause_service() {
  service_alive "$1" || die "the service ($1) is not running (log: ${SVC_LOG[$1]})"
  kill -STOP "${SVC_PID[$1]}"
}

resume_service() {
  service_alive "$1" || die "the service ($1) died (log: ${SVC_LOG[$1]})"
  kill -CONT "${SVC_PID[$1]}"
}

# The most memory the service has held (VmHWM), in MiB.
service_peak_rss_mb() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/${SVC_PID[$1]}/status"
}

# SIGTERM (after SIGCONT if paused), SIGKILL after 30 s.
stop_service() {
  [[ -n ${SVC_PID[$1]:-} ]] || return 0
  local pid=${SVC_PID[$1]} i
  unset "SVC_PID[$1]"
  if kill -0 "$pid" 2>/dev/null; then
    kill -CONT "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "the service ($1) did not stop within 30 s of SIGTERM: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # reached through the exit hooks
stop_all_services() {
  local name
  for name in "${!SVC_PID[@]}"; do stop_service "$name"; done
}
