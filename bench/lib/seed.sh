#!/usr/bin/env bash
# bench/lib/seed.sh: the benchmark database and its seed. Chooses the seed's size (--quick
# or full), reuses a database that holds that seed at SEED_VERSION, else creates it, has a
# service's Flyway make the schema, runs bench/seed.sql, VACUUM ANALYZE and CHECKPOINT; and
# deletes what the insert figure added, so every run sees the same table.
# Sourced after bench/lib/common.sh, bench/lib/postgres.sh and bench/lib/service.sh.

set -euo pipefail

# Bump when bench/seed.sql changes what it writes: an older seed is then made again.
SEED_VERSION=4

# $1 = 1 for --quick: sets STORIES, CHILDREN, DEEP_ROWS, DB and MODE_LABEL
choose_seed_size() {
  if (($1)); then
    STORIES=100000 CHILDREN=1000 DEEP_ROWS=10000 DB=tales_bench_quick MODE_LABEL=" (--quick)"
  else
    STORIES=1000000 CHILDREN=10000 DEEP_ROWS=100000 DB=tales_bench MODE_LABEL=""
  fi
}

seeded_rows() {
  sql "$DB" -c "SELECT CASE WHEN (SELECT count(*) FROM public.bench_seed
                                    WHERE stories = $STORIES AND children = $CHILDREN
                                      AND seed_version = $SEED_VERSION) = 1
                            THEN (SELECT count(*) FROM tales.stories) END" 2>/dev/null || true
}

# $1 = 1 seeds again whatever the database holds (--reseed); $2 = the service (a name of
# define_service) whose Flyway makes the schema of a new database.
prepare_database() {
  local reseed=$1 migrator=$2 exists rows t
  exists=$(sql postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")
  if [[ -n $exists ]] && ((!reseed)); then
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
  start_service "$migrator"
  stop_service "$migrator"

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

# The rows that the insert figure (HTTP and pgbench alike) added, marked model_used =
# 'bench-insert', and the dead tuples they leave.
cleanup_inserts() {
  sql "$DB" -c "DELETE FROM tales.stories WHERE model_used = 'bench-insert'"
  sql "$DB" -c "VACUUM tales.stories"
}
