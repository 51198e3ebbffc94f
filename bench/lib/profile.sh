#!/usr/bin/env bash
# bench/lib/profile.sh: run.sh --profile's JFR recording: the JVM option that records the
# whole run, and a text summary of the hottest methods of a recording (jfr view
# hot-methods with a JDK 21+, else the top frames of JDK 17's jfr print). Sourced after
# bench/lib/common.sh and bench/lib/build.sh.

set -euo pipefail

PROFILE_JFR="$WORK_DIR/profile.jfr"

profile_java_option() {
  printf '%s' "-XX:StartFlightRecording=filename=$PROFILE_JFR,settings=profile,dumponexit=true"
}

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
