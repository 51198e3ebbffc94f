#!/usr/bin/env bash
# Where PostgreSQL's CPU per inserted story goes. Runs bench/pgbench/insert.sql against a
# copy of tales.stories (the same columns, indexes and search-vector trigger, made empty
# in the seeded benchmark database, dropped at the end), then takes the indexes and the
# trigger away one group at a time. Per step: three pgbench runs (-c32 -j2, 15 s each),
# each from an empty copy, and the whole machine's busy CPU time per insert (/proc/stat),
# the median printed. It takes the benchmark lock: the machine's CPU is the measure.
#
# Usage: bench/insert-cost.sh [DATABASE]   (default tales_bench: run bench/run.sh or
# bench/peer.sh once to seed it). BENCH_PGPORT, BENCH_PGUSER as for bench/run.sh.

set -euo pipefail

LIB="$(dirname "${BASH_SOURCE[0]}")/lib"
source "$LIB/common.sh"   # log, exit hooks, lock, median
source "$LIB/tools.sh"    # pgbench, psql
source "$LIB/postgres.sh" # the PostgreSQL on 127.0.0.1, sql()
source "$LIB/measure.sh"  # machine_busy_ticks, per_request_us, PGBENCH_CLIENTS

DB=${1:-tales_bench}
SCRIPT=$(mktemp)

drop_copy() {
  rm -f "$SCRIPT"
  sql "$DB" -c "DROP TABLE IF EXISTS tales.stories_cost" || true
}

indexes() { sql "$DB" -c "SELECT count(*) FROM pg_indexes WHERE schemaname = 'tales' AND tablename = 'stories_cost'"; }

# the copy's indexes whose definition matches the LIKE pattern $1
copy_indexes() {
  sql "$DB" -c "SELECT indexname FROM pg_indexes WHERE schemaname = 'tales' AND tablename = 'stories_cost'
                  AND indexdef LIKE '$1'"
}

# $1: what the step is
measure() {
  local r before out transactions costs=()
  for r in 1 2 3; do
    sql "$DB" -c "TRUNCATE tales.stories_cost" -c "CHECKPOINT"
    before=$(machine_busy_ticks)
    out=$("$PGBENCH" -n -M prepared -c"$PGBENCH_CLIENTS" -j"$PGBENCH_JOBS" -T 15 -D content="$CONTENT" \
      -f "$SCRIPT" "$DB" 2>&1) || { echo "$out" >&2; die "pgbench failed"; }
    transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    costs+=("$(per_request_us $(($(machine_busy_ticks) - before)) "$transactions")")
    log "    run $r: $(sed -n 's/^tps = \([0-9]*\).*/\1/p' <<<"$out") inserts/s, ${costs[-1]} µs of machine CPU an insert"
  done
  log "  $1 ($(indexes) indexes): median $(median "${costs[@]}") µs an insert"
}

main() {
  take_bench_lock
  ensure_tools with-pgbench
  setup_postgres
  CONTENT=$(sql "$DB" -c "SELECT content FROM tales.stories WHERE language = 'en' ORDER BY id LIMIT 1")
  [[ -n $CONTENT ]] || die "no English story in $DB: seed it first (bench/run.sh)"
  sed 's/INSERT INTO tales\.stories /INSERT INTO tales.stories_cost /' "$BENCH_DIR/pgbench/insert.sql" >"$SCRIPT"
  on_exit drop_copy
  sql "$DB" -c "DROP TABLE IF EXISTS tales.stories_cost" \
    -c "CREATE TABLE tales.stories_cost (LIKE tales.stories INCLUDING ALL)" \
    -c "CREATE TRIGGER stories_cost_search_vector BEFORE INSERT OR UPDATE OF title, moral, content, language
          ON tales.stories_cost FOR EACH ROW EXECUTE FUNCTION tales.set_story_search_vector()" # as V015's (LIKE copies none)

  log "$(sql "$DB" -c 'SELECT version()' | cut -d, -f1); database $DB; $(nproc) cores"
  measure "the table as it is: its indexes and the search-vector trigger"
  for index in $(copy_indexes '%(child_name)') $(copy_indexes '%(created_at)') $(copy_indexes '%(language)'); do
    sql "$DB" -c "DROP INDEX tales.$index"
  done
  measure "without the single-column indexes on child_name, created_at and language"
  sql "$DB" -c "DROP INDEX tales.$(copy_indexes '%USING gin%')"
  measure "and without the search index (GIN)"
  sql "$DB" -c "DROP TRIGGER stories_cost_search_vector ON tales.stories_cost"
  measure "and without the search-vector trigger"
  for index in $(copy_indexes '%') ; do
    [[ $index == *pkey ]] || sql "$DB" -c "DROP INDEX tales.$index"
  done
  measure "and with the primary key alone"
}

main
