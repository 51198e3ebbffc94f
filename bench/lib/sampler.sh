#!/usr/bin/env bash
# bench/lib/sampler.sh: a background sampler of the machine during the measurements: every
# second, the 1-minute load average and the RSS of the measured processes, one line each
# ("<epoch s> <load> <rss KiB of each pid>") in bench/.work/samples.txt; and the load range
# it saw, for the report. Sourced after bench/lib/common.sh.

set -euo pipefail

SAMPLER_PID=""
SAMPLES_FILE="$WORK_DIR/samples.txt"

# Samples until stopped, or until none of the given pids is alive; appends to SAMPLES_FILE
# (the caller empties it at the start of a run).
start_sampler() {
  local pids=("$@")
  on_exit stop_sampler
  (
    exec 9>&-
    nap=""
    trap 'kill $nap 2>/dev/null; exit 0' TERM
    alive() { local p; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
    while alive; do
      line="$(date +%s) $(cut -d' ' -f1 /proc/loadavg)"
      for p in "${pids[@]}"; do
        line+=" $(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo -)"
      done
      printf '%s\n' "$line"
      sleep 1 &
      nap=$!
      wait "$nap" || true
    done
  ) >>"$SAMPLES_FILE" &
  SAMPLER_PID=$!
}

# shellcheck disable=SC2317  # also reached through the exit hooks
stop_sampler() {
  if [[ -n $SAMPLER_PID ]]; then
    kill "$SAMPLER_PID" 2>/dev/null || true
    wait "$SAMPLER_PID" 2>/dev/null || true
    SAMPLER_PID=""
  fi
}

# "min-max" of the load averages sampled, "?" when none was
sampled_load_range() {
  awk '$2 != "" { if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 } END { if (min != "") printf "%s-%s", min, max; else printf "?" }' "$SAMPLES_FILE"
}
