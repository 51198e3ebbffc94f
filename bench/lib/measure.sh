#!/usr/bin/env bash
# bench/lib/measure.sh: runs the load generators and keeps what they report. One wrk run of
# a figure on a service, one pgbench run of its SQL, each parsed into R; the service
# warm-up; and the two orders of runs the entry scripts use: run.sh's (wrk, pgbench) pairs
# on one service, compare.sh's interleaved runs of two services (A B B A ...) with the idle
# one paused. Sourced after bench/lib/figures.sh and the libs it uses.

set -euo pipefail

WRK_THREADS=2 WRK_CONNECTIONS=64
# wrk's default 2 s would turn the slow answers of a busy shared machine into "socket errors"
# and drop them from the latency histogram; a request that takes longer than this still does.
WRK_TIMEOUT=10s
PGBENCH_CLIENTS=32 PGBENCH_JOBS=2

# R[subject,figure,run,key]. subject: a service name, or "pg" for pgbench; run: jit, warmup
# or 1..RUNS; key: what bench/wrk/report.lua prints (rps, p50_ms, p99_ms, max_ms, requests,
# non2xx, socket_errors, ...) or tps and machine_us for pgbench. A new metric is one more key.
declare -A R=()

# CPU time (user + system) the process $1 has used so far, in clock ticks (/proc/<pid>/stat
# fields 14 and 15; the command name in field 2 may hold blanks, so count after its ")").
cpu_ticks() {
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  # shellcheck disable=SC2086  # split into fields on purpose
  set -- $stat
  echo $((${12} + ${13}))
}
CLOCK_TICKS=$(getconf CLK_TCK)

# CPU time the whole machine has been busy so far, in clock ticks: the first line of
# /proc/stat (all cores) less idle and iowait. Over a run it counts the load generator,
# PostgreSQL and everyone else on the machine beside the service.
machine_busy_ticks() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  echo $((user + nice + system + irq + softirq + ${steal:-0}))
}

# wrk on service $1 for figure $2: run label $3, $4 seconds. Raw output in bench/.work/raw/.
# Besides what wrk reports, R[...,cpu_us] is the service's CPU time per answered request in
# microseconds (the machine's noise moves it far less than req/s), and R[...,machine_us]
# the whole machine's busy CPU time per answered request (service, PostgreSQL, wrk and
# whatever else ran: it says what a request costs in all, and how busy the machine was).
run_wrk() {
  local name=$1 figure=$2 run=$3 seconds=$4 out kv line ticks machine
  figure_spec "$figure" "$name"
  out="$WORK_DIR/raw/$name-$figure-wrk-$run.txt"
  machine=$(machine_busy_ticks)
  ticks=$(cpu_ticks "${SVC_PID[$name]}")
  (
    exec 9>&-
    BENCH_WRK_DIR="$BENCH_DIR/wrk" BENCH_TOKEN=$TOKEN BENCH_IDS="$WORK_DIR/ids.txt" BENCH_BYID_PATH=$F_BYID_PATH \
      BENCH_BODY="$WORK_DIR/insert-body.json" \
      exec wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
      -s "$BENCH_DIR/wrk/$F_WRK" "$F_URL"
  ) >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($name, $figure, $run)"; }
  line=$(grep '^BENCH_RESULT' "$out") || { cat "$out" >&2; die "no result from wrk ($name, $figure, $run)"; }
  for kv in ${line#BENCH_RESULT }; do
    R[$name,$figure,$run,${kv%%=*}]=${kv#*=}
  done
  ticks=$(($(cpu_ticks "${SVC_PID[$name]}") - ticks))
  machine=$(($(machine_busy_ticks) - machine))
  R[$name,$figure,$run,cpu_us]=$(per_request_us "$ticks" "${R[$name,$figure,$run,requests]}")
  R[$name,$figure,$run,machine_us]=$(per_request_us "$machine" "${R[$name,$figure,$run,requests]}")
  R[$name,$figure,$run,load]=$(cut -d' ' -f1 /proc/loadavg)
  service_alive "$name" || die "the service ($name) died during $figure (log: ${SVC_LOG[$name]})"
}

# $1 clock ticks over $2 requests, in microseconds a request (0 when there were none)
per_request_us() {
  awk -v t="$1" -v hz="$CLOCK_TICKS" -v n="$2" 'BEGIN { printf "%.1f", (n > 0) ? t * 1e6 / hz / n : 0 }'
}

# pgbench of figure $1's SQL for DURATION seconds: run label $2. R[pg,...,machine_us] is the
# whole machine's busy CPU time per transaction: what the SQL alone costs PostgreSQL (and
# pgbench), the floor under any HTTP layer's machine CPU per request.
run_pgbench() {
  local figure=$1 run=$2 out tps machine transactions
  figure_spec "$figure" pg
  out="$WORK_DIR/raw/pg-$figure-pgbench-$run.txt"
  machine=$(machine_busy_ticks)
  "$PGBENCH" -n -M prepared -c"$PGBENCH_CLIENTS" -j"$PGBENCH_JOBS" -T "$DURATION" "${F_PGARGS[@]}" \
    -f "$BENCH_DIR/pgbench/$F_PG" "$DB" >"$out" 2>&1 || { tail -n 20 "$out" >&2; die "pgbench failed ($figure, $run)"; }
  machine=$(($(machine_busy_ticks) - machine))
  tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$out" | tail -n 1)
  transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
  [[ -n $tps && -n $transactions ]] || { cat "$out" >&2; die "no tps from pgbench ($figure, $run)"; }
  R[pg,$figure,$run,tps]=$tps
  R[pg,$figure,$run,machine_us]=$(per_request_us "$machine" "$transactions")
}

# after every run of a figure that inserts: its rows go, so the next run sees the same table
after_run() {
  figure_spec "$1" pg
  ((!F_INSERTS)) || cleanup_inserts
}

# one line of a wrk run for the log
wrk_summary() {
  local k="$1,$2,$3"
  printf '%.0f req/s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s' "${R[$k,rps]}" \
    "${R[$k,p50_ms]}" "${R[$k,p99_ms]}" "${R[$k,non2xx]}" "${R[$k,socket_errors]}"
}

# For tens of seconds after start-up the JIT is still compiling the request paths (on two
# shared cores, GET by id answered at a third of its later rate after 5 s, two thirds after
# 15 s). A user's service runs for hours: load every request of the figures in turn first,
# so that none is measured, nor its first runs compared, while its code is half compiled.
warm_up_service() {
  local name=$1 each=$(((JIT_WARMUP + ${#JIT_WARMUP_FIGURES[@]} - 1) / ${#JIT_WARMUP_FIGURES[@]})) figure
  log "service warm-up ($name): ${JIT_WARMUP} s over ${JIT_WARMUP_FIGURES[*]} (the JIT compiles them)"
  for figure in "${JIT_WARMUP_FIGURES[@]}"; do
    run_wrk "$name" "$figure" jit "$each"
    after_run "$figure"
  done
}

# run.sh's order for one figure on service $1: an HTTP warm-up, then RUNS pairs of (wrk
# run, pgbench run) interleaved, so both sides of the ratio see the same background load.
measure_with_pgbench() {
  local name=$1 figure=$2 r
  figure_spec "$figure" "$name"
  log "$figure: warm-up ${WARMUP} s  (wrk $F_URL)"
  run_wrk "$name" "$figure" warmup "$WARMUP"
  after_run "$figure"
  for ((r = 1; r <= RUNS; r++)); do
    log "$figure: HTTP run $r/$RUNS, ${DURATION} s"
    run_wrk "$name" "$figure" "$r" "$DURATION"
    log "$figure:   $(wrk_summary "$name" "$figure" "$r")"
    after_run "$figure"
    log "$figure: pgbench run $r/$RUNS, ${DURATION} s  (bench/pgbench/$F_PG)"
    run_pgbench "$figure" "$r"
    log "$figure:   $(printf '%.0f' "${R[pg,$figure,$r,tps]}") tps"
    after_run "$figure"
  done
}

# peer.sh's ceiling for figure $1: pgbench run $2 on the figure's SQL with both services
# paused: about the most any HTTP layer in front of the same database could reach on these
# cores, which PostgreSQL shares with it (with PGBENCH_CLIENTS as peer.sh sets it: the
# layers' pool size).
measure_pgbench_ceiling() {
  local figure=$1 r=$2
  figure_spec "$figure" pg
  run_pgbench "$figure" "$r"
  log "$figure: pgbench run $r/$CEILING_RUNS: $(printf '%.0f' "${R[pg,$figure,$r,tps]}") tps, machine CPU ${R[pg,$figure,$r,machine_us]} µs a transaction  (bench/pgbench/$F_PG)"
  after_run "$figure"
}

# the run label of compare.sh's warm-up of a figure in round $1
warmup_label() {
  if ((ROUNDS == 1)); then echo warmup; else echo "warmup-$1"; fi
}

# The services in the order of run $1 of compare.sh: A B, then B A, then A B... (A B B A A
# B B A ...), so a drift of the machine weighs on both alike.
run_order() {
  if (($1 % 2)); then echo "$2 $3"; else echo "$3 $2"; fi
}

# compare.sh's order for one figure on services $2 and $3: each warmed up WARMUP s (run
# label $4), then runs $5..$6 of each in run_order. Only the measured service runs: the
# other one is paused (SIGSTOP), so it takes no CPU from it. Both are left paused.
# With $7 = n (peer.sh), after every n-th pair a pgbench run of the figure's SQL (its
# ceiling: run label r / n), so that it shares the machine's state with the runs around it.
measure_side_by_side() {
  local figure=$1 a=$2 b=$3 warmup_label=$4 first=$5 last=$6 ceiling_every=${7:-0} r name
  for name in "$a" "$b"; do
    figure_spec "$figure" "$name"
    log "$figure: warm-up $name ${WARMUP} s  (wrk $F_URL)"
    resume_service "$name"
    run_wrk "$name" "$figure" "$warmup_label" "$WARMUP"
    pause_service "$name"
    after_run "$figure"
  done
  for ((r = first; r <= last; r++)); do
    for name in $(run_order "$r" "$a" "$b"); do
      resume_service "$name"
      run_wrk "$name" "$figure" "$r" "$DURATION"
      pause_service "$name"
      log "$figure: run $r/$RUNS $name: $(wrk_summary "$name" "$figure" "$r")"
      after_run "$figure"
    done
    if ((ceiling_every && r % ceiling_every == 0)); then
      measure_pgbench_ceiling "$figure" $((r / ceiling_every))
    fi
  done
}

# median of R[subject,figure,1..RUNS,key]
median_of() {
  median_of_first "$1" "$2" "$3" "$RUNS"
}

# median of R[subject,figure,1..$4,key]
median_of_first() {
  local subject=$1 figure=$2 key=$3 runs=$4 r values=()
  for ((r = 1; r <= runs; r++)); do values+=("${R[$subject,$figure,$r,$key]}"); done
  median "${values[@]}"
}

# sum of the whole numbers R[subject,figure,1..RUNS,key]
sum_of() {
  local subject=$1 figure=$2 key=$3 r total=0
  for ((r = 1; r <= RUNS; r++)); do total=$((total + ${R[$subject,$figure,$r,$key]})); done
  echo "$total"
}

# the RUNS ratios R[b,figure,r,key] / R[a,figure,r,key], one a line (the runs of a pair
# ran next to each other)
paired_ratios() {
  local a=$1 b=$2 figure=$3 key=$4 r
  for ((r = 1; r <= RUNS; r++)); do
    ratio "${R[$b,$figure,$r,$key]}" "${R[$a,$figure,$r,$key]}" '%.4f\n'
  done
}
