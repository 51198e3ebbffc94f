#!/usr/bin/env bash
# Where PostgreSQL's CPU per inserted story goes. Runs bench/pgbench/insert.sql against a
# copy of tales.stories (the same columns, indexes and search-vector trigger, made empty
# in the seeded benchmark database, dropped at the end), then takes the indexes and the
# trigger away one group at a time. Per step: three pgbench runs (-c32 -j2, 15 s each),
# each from an empty copy, and the whole machine's busy CPU time per insert (/proc/stat),
# the median printed. Nothing else should run meanwhile: the machine's CPU is the measure.
#
# Usage: bench/insert-cost.sh [DATABASE]   (default tales_bench: run bench/run.sh or
# bench/peer.sh once to seed it). PGHOST/PGPORT/PGUSER as for psql (default
# 127.0.0.1:5432, postgres).

set -euo pipefail

DB=${1:-tales_bench}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# /usr/bin/pgbench is Debian's wrapper; the binary comes with the server package
PGBENCH=$(ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -n 1 || true)
PGBENCH=${PGBENCH:-pgbench}
SCRIPT=$(mktemp)
trap 'rm -f "$SCRIPT"; psql -qd "$DB" -c "DROP TABLE IF EXISTS tales.stories_cost" >/dev/null 2>&1 || true' EXIT

q() { psql -qAtd "$DB" -c "$1"; }
busy() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  echo $((user + nice + system + irq + softirq + ${steal:-0}))
}
indexes() { q "SELECT count(*) FROM pg_indexes WHERE schemaname = 'tales' AND tablename = 'stories_cost'"; }

# $1: what the step is
measure() {
  local r before out transactions tps costs=()
  for r in 1 2 3; do
    q "TRUNCATE tales.stories_cost"
    q "CHECKPOINT"
    before=$(busy)
    out=$("$PGBENCH" -n -M prepared -c32 -j2 -T 15 -D content="$CONTENT" -f "$SCRIPT" "$DB" 2>&1)
    transactions=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    tps=$(sed -n 's/^tps = \([0-9]*\).*/\1/p' <<<"$out")
    costs+=("$(awk -v t=$(($(busy) - before)) -v hz="$(getconf CLK_TCK)" -v n="$transactions" \
      'BEGIN { printf "%.0f", t * 1e6 / hz / n }')")
    echo "    run $r: $tps inserts/s, ${costs[-1]} µs of machine CPU an insert"
  done
  echo "  $1 ($(indexes) indexes): median $(printf '%s\n' "${costs[@]}" | sort -n | sed -n 2p) µs an insert"
}

CONTENT=$(q "SELECT content FROM tales.stories WHERE language = 'en' ORDER BY id LIMIT 1")
[[ -n $CONTENT ]] || { echo "no English story in $DB: seed it first (bench/run.sh)" >&2; exit 1; }
sed 's/INSERT INTO tales\.stories /INSERT INTO tales.stories_cost /' "$BENCH_DIR/pgbench/insert.sql" >"$SCRIPT"
q "DROP TABLE IF EXISTS tales.stories_cost"
q "CREATE TABLE tales.stories_cost (LIKE tales.stories INCLUDING ALL)"
# the trigger as V015 makes it (LIKE copies no trigger)
q "CREATE TRIGGER stories_cost_search_vector BEFORE INSERT OR UPDATE OF title, moral, content, language
     ON tales.stories_cost FOR EACH ROW EXECUTE FUNCTION tales.set_story_search_vector()"

echo "$(date -u '+%Y-%m-%d %H:%M:%S') UTC; $(psql -qAtd "$DB" -c 'SELECT version()' | cut -d, -f1); database $DB; $(nproc) cores"
measure "the table as it is: its indexes and the search-vector trigger"
for column in child_name created_at language; do
  q "DROP INDEX tales.$(q "SELECT indexname FROM pg_indexes WHERE schemaname = 'tales'
                          AND tablename = 'stories_cost' AND indexdef LIKE '%($column)'")"
done
measure "without the single-column indexes on child_name, created_at and language"
q "DROP INDEX tales.$(q "SELECT indexname FROM pg_indexes WHERE schemaname = 'tales'
                        AND tablename = 'stories_cost' AND indexdef LIKE '%USING gin%'")"
measure "and without the search index (GIN)"
q "DROP TRIGGER stories_cost_search_vector ON tales.stories_cost"
measure "and without the search-vector trigger"
for index in $(q "SELECT indexname FROM pg_indexes WHERE schemaname = 'tales'
                   AND tablename = 'stories_cost' AND indexdef NOT LIKE '%UNIQUE%'"); do
  q "DROP INDEX tales.$index"
done
measure "and with the primary key alone"
