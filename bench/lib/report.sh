#!/usr/bin/env bash
# bench/lib/report.sh: turns the numbers in R into the tables people read and the result
# files in bench/results/: run.sh's table against pgbench with its target check, and
# compare.sh's table of two jars with their ratios. Each writes bench/.work/report.md and
# copies it to the result file. Sourced after bench/lib/measure.sh.

set -euo pipefail

FAILED=0          # run.sh: a target failed
WORSE=0           # compare.sh: a figure is worse than COMPARE_FLOOR
COMPARE_FLOOR=0.97

# ---------------------------------------------------------------------------------------
# run.sh: one service against pgbench

# service $1's report to file $2; $3 peak RSS MB, $4 profile note (may be empty), $5 wall s
write_run_report() {
  local name=$1 result_file=$2 rss_mb=$3 profile_note=$4 wall=$5
  local figure note lines=() checks=() f tps r
  local -A M=()
  for figure in "${ALL_FIGURES[@]}"; do
    M[$figure,rps]=$(median_of "$name" "$figure" rps)
    M[$figure,p50]=$(median_of "$name" "$figure" p50_ms)
    M[$figure,p99]=$(median_of "$name" "$figure" p99_ms)
    M[$figure,tps]=$(median_of pg "$figure" tps)
    M[$figure,non2xx]=$(sum_of "$name" "$figure" non2xx)
    M[$figure,sockerr]=$(sum_of "$name" "$figure" socket_errors)
    M[$figure,cpu]=$(median_of "$name" "$figure" cpu_us)
    M[$figure,mcpu]=$(median_of "$name" "$figure" machine_us)
    M[$figure,ratio]=$(awk -v a="${M[$figure,rps]}" -v b="${M[$figure,tps]}" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')
  done
  M[deep,vs_list]=$(ratio "${M[deep,rps]}" "${M[list,rps]}" '%.2f')
  M[rare,vs_list]=$(ratio "${M[rare,rps]}" "${M[list,rps]}" '%.2f')

  {
    echo "| figure | HTTP req/s | p50 ms | p99 ms | service CPU µs/req | machine CPU µs/req | non-2xx | socket errors | pgbench tps | HTTP/pgbench | note |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for figure in "${ALL_FIGURES[@]}"; do
      note=$(figure_note "$figure")
      case "$figure" in
        deep) note+="; deep/list = ${M[deep,vs_list]}x" ;;
        rare) note+="; rare/list = ${M[rare,vs_list]}x" ;;
        sparse) [[ ${PROBE[$name,sparse]} == 200 ]] || note+="; answered ${PROBE[$name,sparse]}" ;;
        insert) note+="; answered ${PROBE[$name,insert]}" ;;
      esac
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s %% | %s |\n' "$figure" \
        "$(fmt "${M[$figure,rps]}" '%.0f')" "$(fmt "${M[$figure,p50]}" '%.1f')" "$(fmt "${M[$figure,p99]}" '%.1f')" \
        "$(fmt "${M[$figure,cpu]}" '%.0f')" "$(fmt "${M[$figure,mcpu]}" '%.0f')" \
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
  check "search >= 40 % of pgbench" "${M[search,ratio]} >= 40" "${M[search,ratio]} %"
  check "rare >= 1.0 x list" "${M[rare,vs_list]} >= 1.0" "${M[rare,vs_list]} x"
  check "byid p99 <= 25 ms" "${M[byid,p99]} <= 25" "$(fmt "${M[byid,p99]}" '%.1f') ms"
  local bad=0 bad_list=""
  for figure in "${ALL_FIGURES[@]}"; do
    f=$((${M[$figure,non2xx]} + ${M[$figure,sockerr]}))
    if ((f > 0)); then bad=$((bad + f)); bad_list+=" $figure=$f"; fi
  done
  check "0 non-2xx (and socket errors) in all HTTP runs" "$bad == 0" "$bad${bad_list:+ (}${bad_list# }${bad_list:+)}"
  check "peak RSS <= 400 MB" "$rss_mb <= 400" "$rss_mb MB"

  # the environment
  lines=(
    "- service peak RSS under load (VmHWM after the last load): $rss_mb MB  (SERVICE_JAVA_OPTS=$SERVICE_JAVA_OPTS)"
    "- service CPU µs/req: the service process's user + system CPU time over a run (/proc/<pid>/stat) divided by the requests it answered; machine CPU µs/req: the busy CPU time of the whole machine (/proc/stat, all cores, less idle and iowait) over the run divided by the same requests, so PostgreSQL, wrk and any other load are in it; medians of the runs"
    "- start-up on the seeded database (launch to first GET /readyz = 200): ${SVC_STARTUP[$name]} s (Spring: started in ${SVC_SPRING[$name]:-?} s)"
    "- java: $("$JAVA" -version 2>&1 | head -n 1) ($JAVA)"
    "- PostgreSQL: $PG_VERSION on 127.0.0.1:$PGPORT, database $DB"
    "- git commit: $GIT_COMMIT${GIT_DIRTY:+ (src/pom.xml/db modified)} ($GIT_BRANCH)"
    "- date: $START_DATE (start of the run)"
    "- seed: $(thousands "$STORIES") stories, $(thousands "$CHILDREN") children; deep page $(thousands "$DEEP_ROWS") rows deep"
    "- load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS --timeout $WRK_TIMEOUT --latency; pgbench -n -M prepared -c$PGBENCH_CLIENTS -j$PGBENCH_JOBS; median of $RUNS run(s) of $DURATION s after $WARMUP s of HTTP warm-up per figure, and $JIT_WARMUP s of service warm-up before the first"
    "- machine: $(nproc) cores, load average (1 min) during the measurements $(sampled_load_range); wall time of this run $wall s"
  )
  [[ -z $profile_note ]] || lines+=("- $profile_note")

  {
    echo "# Benchmark $RUN_STAMP$MODE_LABEL"
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
    echo "| figure | run | HTTP req/s | p50 ms | p99 ms | max ms | requests | service CPU µs/req | machine CPU µs/req | load (1 min) | non-2xx | socket errors | pgbench tps |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for figure in "${ALL_FIGURES[@]}"; do
      for r in warmup $(seq 1 "$RUNS"); do
        tps=-
        [[ $r == warmup ]] || tps=$(fmt "${R[pg,$figure,$r,tps]}" '%.1f')
        local k="$name,$figure,$r"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$figure" "$r" \
          "$(fmt "${R[$k,rps]}" '%.1f')" "${R[$k,p50_ms]}" "${R[$k,p99_ms]}" \
          "${R[$k,max_ms]}" "${R[$k,requests]}" "${R[$k,cpu_us]}" "${R[$k,machine_us]}" "${R[$k,load]}" "${R[$k,non2xx]}" \
          "${R[$k,socket_errors]}" "$tps"
      done
    done
  } >"$WORK_DIR/report.md"
  cp "$WORK_DIR/report.md" "$result_file"
}

# ---------------------------------------------------------------------------------------
# compare.sh: two services, same figures, interleaved

# the labels of compare.sh's runs of a figure, in the order they ran: each round's warm-up,
# then its runs
compare_run_labels() {
  local round
  for ((round = 1; round <= ROUNDS; round++)); do
    warmup_label "$round"
    seq $(((round - 1) * RUNS_PER_ROUND + 1)) $((round * RUNS_PER_ROUND))
  done
}

# the report of services $1 (old) and $2 (new) over FIGURES to file $3; $4 wall s
write_compare_report() {
  local a=$1 b=$2 result_file=$3 wall=$4
  local figure r k ka kb order pairs note verdict worst="" worst_ratio="" lines=() worse_list=()
  local -A M=()
  for figure in "${FIGURES[@]}"; do
    for k in "$a" "$b"; do
      M[$k,$figure,rps]=$(median_of "$k" "$figure" rps)
      M[$k,$figure,p50]=$(median_of "$k" "$figure" p50_ms)
      M[$k,$figure,p99]=$(median_of "$k" "$figure" p99_ms)
      M[$k,$figure,errors]=$(($(sum_of "$k" "$figure" non2xx) + $(sum_of "$k" "$figure" socket_errors)))
      M[$k,$figure,cpu]=$(median_of "$k" "$figure" cpu_us)
      M[$k,$figure,mcpu]=$(median_of "$k" "$figure" machine_us)
    done
    # shellcheck disable=SC2046  # one ratio a word
    M[$figure,cpu_ratio]=$(median $(paired_ratios "$a" "$b" "$figure" cpu_us))
    pairs=$(paired_ratios "$a" "$b" "$figure" rps)
    # shellcheck disable=SC2086  # one ratio a word
    M[$figure,ratio]=$(median $pairs)
    M[$figure,min]=$(printf '%s\n' "$pairs" | sort -g | head -n 1)
    M[$figure,max]=$(printf '%s\n' "$pairs" | sort -g | tail -n 1)
    if [[ -z $worst_ratio ]] || awk "BEGIN { exit !(${M[$figure,ratio]} < $worst_ratio) }"; then
      worst=$figure worst_ratio=${M[$figure,ratio]}
    fi
    if awk "BEGIN { exit !(${M[$figure,ratio]} < $COMPARE_FLOOR) }"; then
      worse_list+=("$figure $(fmt "${M[$figure,ratio]}" '%.2f')x")
    fi
  done
  if ((${#worse_list[@]})); then
    WORSE=1
    verdict="WORSE than ${COMPARE_FLOOR}x of $a: $(printf '%s, ' "${worse_list[@]}" | sed 's/, $//')"
  else
    verdict="OK: no figure is worse than ${COMPARE_FLOOR}x of $a (lowest: $worst $(fmt "$worst_ratio" '%.2f')x)"
  fi

  {
    echo "| figure | $a req/s | $b req/s | $b/$a | pairs min-max | $a p50 ms | $b p50 ms | $a p99 ms | $b p99 ms | $a CPU µs/req | $b CPU µs/req | CPU $b/$a | machine CPU µs/req ($a / $b) | non-2xx + socket errors ($a / $b) | note |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for figure in "${FIGURES[@]}"; do
      note=$(figure_note "$figure")
      figure_spec "$figure" "$a"
      for k in "$a" "$b"; do
        [[ ${PROBE[$k,$figure]} == "$F_EXPECT" ]] || note+="; $k answered ${PROBE[$k,$figure]}"
      done
      printf '| %s | %s | %s | %s | %s-%s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s |\n' "$figure" \
        "$(fmt "${M[$a,$figure,rps]}" '%.0f')" "$(fmt "${M[$b,$figure,rps]}" '%.0f')" \
        "$(fmt "${M[$figure,ratio]}" '%.2f')" "$(fmt "${M[$figure,min]}" '%.2f')" "$(fmt "${M[$figure,max]}" '%.2f')" \
        "$(fmt "${M[$a,$figure,p50]}" '%.1f')" "$(fmt "${M[$b,$figure,p50]}" '%.1f')" \
        "$(fmt "${M[$a,$figure,p99]}" '%.1f')" "$(fmt "${M[$b,$figure,p99]}" '%.1f')" \
        "$(fmt "${M[$a,$figure,cpu]}" '%.0f')" "$(fmt "${M[$b,$figure,cpu]}" '%.0f')" \
        "$(fmt "${M[$figure,cpu_ratio]}" '%.2f')" \
        "$(fmt "${M[$a,$figure,mcpu]}" '%.0f')" "$(fmt "${M[$b,$figure,mcpu]}" '%.0f')" \
        "${M[$a,$figure,errors]}" "${M[$b,$figure,errors]}" "$note"
    done
  } >"$WORK_DIR/table.md"

  for k in "$a" "$b"; do
    lines+=("- $k: ${JAR_LABEL[$k]}; extra options: ${SVC_EXTRA[$k]:-none}; peak RSS under load ${PEAK_RSS[$k]} MB; start-up ${STARTUPS[$k]}")
  done
  [[ ${JAR_SHA[$a]} != "${JAR_SHA[$b]}" ]] || lines+=("- the two jars are identical (same sha256): the ratios measure the noise of the machine")
  [[ -z ${MIGRATIONS_NOTE:-} ]] || lines+=("- $MIGRATIONS_NOTE")
  lines+=(
    "- both: SERVICE_JAVA_OPTS=$SERVICE_JAVA_OPTS; java: $("$JAVA" -version 2>&1 | head -n 1) ($JAVA)"
    "- PostgreSQL: $PG_VERSION on 127.0.0.1:$PGPORT, database $DB; seed: $(thousands "$STORIES") stories, $(thousands "$CHILDREN") children; deep page $(thousands "$DEEP_ROWS") rows deep"
    "- load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS --timeout $WRK_TIMEOUT --latency; $ROUNDS round(s), each starting both jars afresh ($a first in odd rounds, $b first in even ones) with $JIT_WARMUP s of service warm-up each; per round and figure, each jar warmed up $WARMUP s, then $RUNS_PER_ROUND run(s) of $DURATION s of each in the order $a $b, $b $a, ...; the jar not measured is paused (SIGSTOP)"
    "- $b/$a: the median of the $RUNS paired ratios of req/s (run r of $b over run r of $a, measured one after the other); min-max: the lowest and highest pair"
    "- CPU µs/req: the service process's user + system CPU time over a run (/proc/<pid>/stat) divided by the requests it answered, median of the runs; CPU $b/$a: the median of the paired ratios (below 1: $b costs less); machine CPU µs/req: the whole machine's busy CPU time (/proc/stat less idle and iowait: PostgreSQL, wrk and any other load included) over a run divided by the same requests"
    "- scripts: git commit $GIT_COMMIT ($GIT_BRANCH); date: $START_DATE (start of the run)"
    "- machine: $(nproc) cores, load average (1 min) during the measurements $(sampled_load_range); wall time of this run $wall s"
  )

  {
    echo "# Comparison $RUN_STAMP$MODE_LABEL: $a vs $b"
    echo
    cat "$WORK_DIR/table.md"
    echo
    echo '```'
    echo "$verdict"
    echo '```'
    echo
    printf '%s\n' "${lines[@]}"
    echo
    echo "## Raw runs"
    echo
    echo "| figure | run | order | $a req/s | $b req/s | $b/$a | $a p50 ms | $b p50 ms | $a p99 ms | $b p99 ms | $a CPU µs/req | $b CPU µs/req | $a requests | $b requests | load (1 min, $a / $b) | errors ($a / $b) |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for figure in "${FIGURES[@]}"; do
      for r in $(compare_run_labels); do
        ka="$a,$figure,$r" kb="$b,$figure,$r" order="$a $b"
        [[ $r == warmup* ]] || order=$(run_order "$r" "$a" "$b")
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s |\n' "$figure" "$r" \
          "$order" \
          "$(fmt "${R[$ka,rps]}" '%.1f')" "$(fmt "${R[$kb,rps]}" '%.1f')" "$(ratio "${R[$kb,rps]}" "${R[$ka,rps]}" '%.3f')" \
          "${R[$ka,p50_ms]}" "${R[$kb,p50_ms]}" "${R[$ka,p99_ms]}" "${R[$kb,p99_ms]}" \
          "${R[$ka,cpu_us]}" "${R[$kb,cpu_us]}" "${R[$ka,requests]}" "${R[$kb,requests]}" \
          "${R[$ka,load]}" "${R[$kb,load]}" \
          "$((${R[$ka,non2xx]} + ${R[$ka,socket_errors]}))" "$((${R[$kb,non2xx]} + ${R[$kb,socket_errors]}))"
      done
    done
  } >"$WORK_DIR/report.md"
  cp "$WORK_DIR/report.md" "$result_file"
}

# ---------------------------------------------------------------------------------------
# peer.sh: the service ($1) and the peer ($2), same figures, interleaved

# the report to file $3; $4 wall s
write_peer_report() {
  local a=$1 b=$2 result_file=$3 wall=$4 figure k r ka kb checks=() lines=()
  local -A M=()
  for figure in "${FIGURES[@]}"; do
    for k in "$a" "$b"; do
      M[$k,$figure,rps]=$(median_of "$k" "$figure" rps)
      M[$k,$figure,p99]=$(median_of "$k" "$figure" p99_ms)
      M[$k,$figure,cpu]=$(median_of "$k" "$figure" cpu_us)
      M[$k,$figure,mcpu]=$(median_of "$k" "$figure" machine_us)
      M[$k,$figure,errors]=$(($(sum_of "$k" "$figure" non2xx) + $(sum_of "$k" "$figure" socket_errors)))
    done
    M[pg,$figure,tps]=$(median_of_first pg "$figure" tps "$CEILING_RUNS")
    M[pg,$figure,mcpu]=$(median_of_first pg "$figure" machine_us "$CEILING_RUNS")
    M[$figure,ceiling]=$(ratio "${M[pg,$figure,tps]}" "${M[$b,$figure,rps]}" '%.4f')
    # shellcheck disable=SC2046  # one ratio a word
    M[$figure,cpu_ratio]=$(median $(paired_ratios "$b" "$a" "$figure" cpu_us))
    # shellcheck disable=SC2046
    M[$figure,rps_ratio]=$(median $(paired_ratios "$b" "$a" "$figure" rps))
    # a side that answered nothing in a run has no CPU per request: no ratio, no target
    if (($(sum_of "$b" "$figure" requests) == 0 || $(sum_of "$a" "$figure" requests) == 0)); then
      M[$figure,cpu_ratio]=none M[$figure,rps_ratio]=none
    fi
  done

  check() { # name, condition (awk expression), shown value
    if [[ $2 == *none* ]]; then checks+=("NONE  $1: a side answered no request within its runs"); return; fi
    if awk "BEGIN { exit !($2) }"; then checks+=("PASS  $1: $3"); else checks+=("FAIL  $1: $3"); FAILED=1; fi
  }
  has() { [[ " ${FIGURES[*]} " == *" $1 "* ]]; }
  ratio_text() { if [[ $1 == none ]]; then echo "none"; else fmt "$1" '%.2f'; fi; }
  for figure in byid list insert search; do
    has "$figure" || continue
    check "$figure: CPU per request <= 0.5x the peer's" "${M[$figure,cpu_ratio]} <= 0.5" "$(ratio_text "${M[$figure,cpu_ratio]}")x"
  done
  # beside a req/s ratio, the SQL's own through pgbench: a target above it asks more than the database gave
  ceiling_text() { echo "$(ratio_text "${M[$1,rps_ratio]}")x (pgbench on the same SQL: $(fmt "${M[$1,ceiling]}" '%.2f')x the peer's)"; }
  for figure in byid insert; do
    has "$figure" || continue
    check "$figure: req/s >= 2x the peer's" "${M[$figure,rps_ratio]} >= 2" "$(ceiling_text "$figure")"
  done
  if has list; then
    check "list: req/s >= 3x the peer's" "${M[list,rps_ratio]} >= 3" "$(ceiling_text list)"
  fi
  if has byid; then
    check "byid: p99 <= the peer's" "${M[$a,byid,p99]} <= ${M[$b,byid,p99]}" \
      "$(fmt "${M[$a,byid,p99]}" '%.1f') ms vs $(fmt "${M[$b,byid,p99]}" '%.1f') ms"
  fi
  check "peak RSS under load <= the peer's" "${PEAK_RSS[$a]} <= ${PEAK_RSS[$b]}" "${PEAK_RSS[$a]} MB vs ${PEAK_RSS[$b]} MB"

  lines=(
    "- $a: ${OURS_LABEL}; SERVICE_JAVA_OPTS=$SERVICE_JAVA_OPTS; java: $("$JAVA" -version 2>&1 | head -n 1); start-up ${SVC_STARTUP[$a]} s; every request carries a JWT that it verifies"
    "- $b: $PEER_LABEL, bench/peer/platformatic.json (schema tales, defaults otherwise: no authentication); start-up ${SVC_STARTUP[$b]} s"
    "- peak RSS under load (VmHWM): $a ${PEAK_RSS[$a]} MB, $b ${PEAK_RSS[$b]} MB"
    "- CPU µs/req: the process's user + system CPU time over a run (/proc/<pid>/stat) divided by the requests it answered, median of the runs; CPU $a/$b and req/s $a/$b: medians of the paired ratios (runs measured one after the other); machine CPU µs/req: the busy CPU time of the whole machine (/proc/stat) over a run divided by the same requests"
    "- pgbench: the figure's SQL (bench/pgbench/) straight from pgbench -n -M prepared -c$PGBENCH_CLIENTS -j$PGBENCH_JOBS, median of $CEILING_RUNS run(s) of $DURATION s, one after every $CEILING_EVERY pairs of HTTP runs, both sides paused: the database's own rate on these cores, about the most an HTTP layer in front of it could reach; its machine CPU µs/req is PostgreSQL's and pgbench's CPU time per transaction"
    "- search: the service's full-text search (q=дракон); the peer has none, its nearest request is where.content.ilike=%дракон% (see docs/performance.md)"
    "- PostgreSQL: $PG_VERSION on 127.0.0.1:$PGPORT, database $DB; seed: $(thousands "$STORIES") stories, $(thousands "$CHILDREN") children"
    "- load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS --timeout $WRK_TIMEOUT --latency; $JIT_WARMUP s of warm-up per side, then per figure each side warmed up $WARMUP s and $RUNS run(s) of $DURATION s in the order $a $b, $b $a, ...; the side not measured is paused (SIGSTOP)"
    "- scripts: git commit $GIT_COMMIT ($GIT_BRANCH)${GIT_DIRTY:+ (src/pom.xml/db modified)}; date: $START_DATE (start of the run)"
    "- machine: $(nproc) cores, load average (1 min) during the measurements $(sampled_load_range); wall time of this run $wall s"
  )

  {
    echo "# Ours vs the peer $RUN_STAMP$MODE_LABEL: $a vs $b"
    echo
    echo "| figure | $a CPU µs/req | $b CPU µs/req | CPU $a/$b | $a req/s | $b req/s | req/s $a/$b | pgbench tps | pgbench/$b | $a p99 ms | $b p99 ms | machine CPU µs/req ($a / $b / pgbench) | errors ($a / $b) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for figure in "${FIGURES[@]}"; do
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s |\n' "$figure" \
        "$(fmt "${M[$a,$figure,cpu]}" '%.0f')" "$(fmt "${M[$b,$figure,cpu]}" '%.0f')" "$(ratio_text "${M[$figure,cpu_ratio]}")" \
        "$(fmt "${M[$a,$figure,rps]}" '%.0f')" "$(fmt "${M[$b,$figure,rps]}" '%.0f')" "$(ratio_text "${M[$figure,rps_ratio]}")" \
        "$(fmt "${M[pg,$figure,tps]}" '%.0f')" "$(fmt "${M[$figure,ceiling]}" '%.2f')" \
        "$(fmt "${M[$a,$figure,p99]}" '%.1f')" "$(fmt "${M[$b,$figure,p99]}" '%.1f')" \
        "$(fmt "${M[$a,$figure,mcpu]}" '%.0f')" "$(fmt "${M[$b,$figure,mcpu]}" '%.0f')" "$(fmt "${M[pg,$figure,mcpu]}" '%.0f')" \
        "${M[$a,$figure,errors]}" "${M[$b,$figure,errors]}"
    done
    echo
    printf '%s\n' "${lines[@]}"
    echo
    echo "## Targets (issue 18)"
    echo
    echo '```'
    printf '%s\n' "${checks[@]}"
    echo '```'
    echo
    echo "## Raw runs"
    echo
    echo "| figure | run | order | $a req/s | $b req/s | $a p99 ms | $b p99 ms | $a CPU µs/req | $b CPU µs/req | machine CPU µs/req ($a / $b) | load (1 min, $a / $b) | $a requests | $b requests |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for figure in "${FIGURES[@]}"; do
      for r in warmup $(seq 1 "$RUNS"); do
        ka="$a,$figure,$r" kb="$b,$figure,$r"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s | %s |\n' "$figure" "$r" \
          "$([[ $r == warmup ]] && echo "$a $b" || run_order "$r" "$a" "$b")" \
          "$(fmt "${R[$ka,rps]}" '%.1f')" "$(fmt "${R[$kb,rps]}" '%.1f')" "${R[$ka,p99_ms]}" "${R[$kb,p99_ms]}" \
          "${R[$ka,cpu_us]}" "${R[$kb,cpu_us]}" "${R[$ka,machine_us]}" "${R[$kb,machine_us]}" \
          "${R[$ka,load]}" "${R[$kb,load]}" "${R[$ka,requests]}" "${R[$kb,requests]}"
      done
    done
  } >"$WORK_DIR/report.md"
  cp "$WORK_DIR/report.md" "$result_file"
}
