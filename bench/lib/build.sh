#!/usr/bin/env bash
# bench/lib/build.sh: picks the JDK that builds and runs the service (JAVA), and builds jars:
# this checkout's, as the README does, or a given commit's (bench/compare.sh --build-old),
# from `git archive` into bench/.work/build/, so no worktree is registered and nothing
# outside bench/.work is touched. Sourced after bench/lib/common.sh.

set -euo pipefail

JAR_NAME="tales-service-0.1.0-SNAPSHOT.jar"
JAR="target/$JAR_NAME"   # this checkout's, relative to REPO_DIR, as the README runs it

# The major version of a java binary (17, 21, 25...), empty if it does not run.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
}

# Users run the service on Java 21 or newer (the Docker image does), where requests run on
# virtual threads: measure that. JAVA_HOME, when set, decides; otherwise java on PATH if it
# is 21+, else the newest JDK 21+ under /usr/lib/jvm, exported as JAVA_HOME for the build.
choose_java() {
  if [[ -n ${JAVA_HOME:-} ]]; then
    JAVA="$JAVA_HOME/bin/java"
    [[ -x $JAVA ]] || die "JAVA_HOME is set but $JAVA is not executable"
    return
  fi
  JAVA=java
  if [[ $(java_major java) -lt 21 ]]; then
    local best=0 major candidate
    for candidate in /usr/lib/jvm/*/bin/java; do
      [[ -x $candidate ]] || continue
      major=$(java_major "$candidate")
      if [[ -n $major ]] && ((major >= 21 && major > best)); then best=$major JAVA=$candidate; fi
    done
  fi
  # the build uses the same JDK
  [[ $JAVA == java ]] || export JAVA_HOME="${JAVA%/bin/java}"
}

# "java: <path> (Java 25, virtual threads), options: ..." for the log
describe_java() {
  local major
  major=$(java_major "$JAVA")
  printf 'java: %s (Java %s%s%s), options: %s' "$JAVA" "${major:-?}" "${major:+, }" \
    "$( ((${major:-0} >= 21)) && echo "virtual threads" || echo "no virtual threads: set JAVA_HOME to a JDK 21+")" \
    "$SERVICE_JAVA_OPTS"
}

# ./mvnw -B -q -DskipTests package in directory $1, logging to $2; dies with the log's tail
run_maven_package() {
  local dir=$1 build_log=$2 t=${EPOCHREALTIME/./}
  log "building the jar: ./mvnw -B -q -DskipTests package${3:+ ($3)}"
  (cd "$dir" && ./mvnw -B -q -DskipTests package) >"$build_log" 2>&1 ||
    { tail -n 40 "$build_log" >&2; die "the build failed (log: $build_log)"; }
  [[ -f $dir/$JAR ]] || die "the build made no $dir/$JAR"
  log "built in $(seconds_since "$t") s"
}

# This checkout's jar; $1 = 1 keeps an existing jar (--no-build).
build_jar() {
  if ((${1:-0})) && [[ -f $REPO_DIR/$JAR ]]; then
    log "--no-build: using the existing $JAR"
    return
  fi
  run_maven_package "$REPO_DIR" "$WORK_DIR/build.log"
}

# The jar of commit $1, built once and kept as bench/.work/jars/<commit>.jar; prints its path.
build_commit_jar() {
  local rev=$1 sha src out
  sha=$(git -C "$REPO_DIR" rev-parse --verify -q "$rev^{commit}") || die "not a commit: $rev"
  sha=${sha:0:12}
  out="$WORK_DIR/jars/$sha.jar"
  if [[ -f $out ]]; then
    log "reusing the jar of $rev ($sha): ${out#"$REPO_DIR"/}" >&2
    echo "$out"
    return
  fi
  src="$WORK_DIR/build/$sha"
  rm -rf "$src"
  mkdir -p "$src" "$WORK_DIR/jars"
  log "exporting $rev ($sha) with git archive into ${src#"$REPO_DIR"/}" >&2
  git -C "$REPO_DIR" archive "$sha" | tar -x -C "$src"
  run_maven_package "$src" "$WORK_DIR/build-$sha.log" "commit $sha" >&2
  cp "$src/$JAR" "$out"
  rm -rf "$src"
  echo "$out"
}
