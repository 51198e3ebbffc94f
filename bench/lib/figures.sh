#!/usr/bin/env bash
# bench/lib/figures.sh: what each figure is. For every figure, the HTTP request (wrk
# script, method, URL on a given service), the SQL pgbench runs for it, whether it inserts
# rows, and its expected status; and the inputs the figures need, derived from the seed (the
# ids file, the insert body, the deep cursor). To add a figure: add its name to ALL_FIGURES
# and an arm to figure_spec and figure_note. Sourced after the other libs it names.

set -euo pipefail

ALL_FIGURES=(byid list deep sparse insert search rare)
JIT_WARMUP_FIGURES=(byid list sparse insert search)   # the requests the service warm-up loads
IDS_COUNT=100000
PAGE_HOP=500   # page size used to walk to the deep cursor
LIST_QUERY="language=ru&limit=50"
SPARSE_FIELDS="id,title,language,rating,createdAt"
# the search figures: a word of nearly every Russian story of the seed (дракон), and one of
# one Russian story in 1,024 (маяк, in the titles seed.sql gives one story in 1,024)
SEARCH_QUERY="$LIST_QUERY&q=%D0%B4%D1%80%D0%B0%D0%BA%D0%BE%D0%BD"
RARE_QUERY="$LIST_QUERY&q=%D0%BC%D0%B0%D1%8F%D0%BA"

# The peer's requests (bench/peer.sh): Platformatic DB's URLs for schema tales. Its list
# orders by createdAt only (the service adds id as a tie-breaker; the seed has no ties on
# the first pages). It has no full-text search: the nearest request it can make for the
# search figure is a substring of the text, ILIKE '%дракон%' (PostgreSQL reads the
# newest ru stories until 50 hold it, as for the service's search: nearly every one does).
PEER_LIST_QUERY="where.language.eq=ru&orderby.createdAt=desc&limit=50"
PEER_SEARCH_QUERY="where.language.eq=ru&where.content.ilike=%25%D0%B4%D1%80%D0%B0%D0%BA%D0%BE%D0%BD%25&orderby.createdAt=desc&limit=50"
PEER_FIGURES=(byid list insert search)

declare -A CURSOR=()   # the deep cursor, per service: it is the service's to encode
declare -A PROBE=()    # PROBE[service,figure]: what one request answered before the figure

is_figure() {
  local f
  for f in "${ALL_FIGURES[@]}"; do [[ $f != "$1" ]] || return 0; done
  return 1
}

# Sets, for figure $1 on service $2: F_WRK (script in bench/wrk), F_METHOD, F_URL,
# F_EXPECT (status), F_PG (script in bench/pgbench) and F_PGARGS, F_INSERTS (1 when its
# rows must be deleted after each run), F_BYID_PATH (what byid.lua puts before an id).
figure_spec() {
  local figure=$1 base=${SVC_URL[$2]:-} list
  list="$base/stories?$LIST_QUERY"
  F_METHOD=GET F_EXPECT=200 F_INSERTS=0 F_PGARGS=() F_BYID_PATH=/stories/
  if [[ ${SVC_KIND[$2]:-} == platformatic ]]; then
    peer_figure_spec "$figure" "$base"
    return
  fi
  case "$figure" in
    byid) F_WRK=byid.lua F_URL="$base/stories/" F_PG=byid.sql F_PGARGS=(-D stories="$STORIES") ;;
    list) F_WRK=get.lua F_URL=$list F_PG=list.sql ;;
    deep) F_WRK=get.lua F_URL="$list&after=${CURSOR[$2]:-}" F_PG=deep.sql F_PGARGS=(-D ts="$DEEP_TS" -D id="$DEEP_ID") ;;
    sparse) F_WRK=get.lua F_URL="$list&fields=$SPARSE_FIELDS" F_PG=sparse.sql ;;
    search) F_WRK=get.lua F_URL="$base/stories?$SEARCH_QUERY" F_PG=search.sql ;;
    rare) F_WRK=get.lua F_URL="$base/stories?$RARE_QUERY" F_PG=rare.sql ;;
    insert) F_WRK=insert.lua F_METHOD=POST F_URL="$base/stories" F_EXPECT=201 F_PG=insert.sql
      F_PGARGS=(-D content="$INSERT_CONTENT") F_INSERTS=1 ;;
    *) die "unknown figure: $figure" ;;
  esac
}

# figure_spec of the peer, Platformatic DB at $2: the same SQL for pgbench
peer_figure_spec() {
  local figure=$1 base=$2
  figure_spec "$figure" pg
  case "$figure" in
    byid) F_URL="$base/talesStories/" F_BYID_PATH=/talesStories/ ;;
    list) F_URL="$base/talesStories?$PEER_LIST_QUERY" ;;
    search) F_URL="$base/talesStories?$PEER_SEARCH_QUERY" ;;
    # Platformatic answers a created row with 200
    insert) F_URL="$base/talesStories" F_EXPECT=200 ;;
    *) die "the peer has no request for figure $figure (it has: ${PEER_FIGURES[*]})" ;;
  esac
}

# The request of a figure in words, for tables.
figure_note() {
  case "$1" in
    byid) echo "GET /stories/{id}, random of $(thousands "$IDS_COUNT") ids" ;;
    list) echo "GET /stories?$LIST_QUERY" ;;
    deep) echo "same, $(thousands "$DEEP_ROWS") rows deep (after=)" ;;
    sparse) echo "fields=$SPARSE_FIELDS" ;;
    insert) echo "POST /stories, 4 KB body" ;;
    search) echo "GET /stories?language=ru&limit=50&q=дракон (a word of nearly every ru story)" ;;
    rare) echo "same, q=маяк (a word of one ru story in 1,024)" ;;
  esac
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

# Follows rel="next" from the first ru page of service $1 to the cursor after row
# DEEP_ROWS, into CURSOR[$1].
find_deep_cursor() {
  local name=$1 hops=$((DEEP_ROWS / PAGE_HOP)) h after="" code link decoded
  log "walking $hops pages of $PAGE_HOP (Link: rel=\"next\") to the cursor $(thousands "$DEEP_ROWS") rows deep${name:+ ($name)}"
  for ((h = 0; h < hops; h++)); do
    code=$(curl -s -o /dev/null -D "$WORK_DIR/headers.txt" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
      "${SVC_URL[$name]}/stories?language=ru&limit=$PAGE_HOP${after:+&after=$after}")
    [[ $code == 200 ]] || die "GET /stories (page $((h + 1))) answered $code"
    link=$(tr -d '\r' <"$WORK_DIR/headers.txt" | sed -n 's/^[Ll]ink: *<\([^>]*\)>; *rel="next".*/\1/p')
    [[ $link == *after=* ]] || die "page $((h + 1)) has no Link rel=\"next\" with an after cursor"
    after=${link##*after=}
    after=${after%%&*}
  done
  CURSOR[$name]=$after
  # the cursor is opaque to clients; here it is only checked against the SQL row
  decoded=$(printf '%s' "$after" | tr '_-' '/+' | awk '{ while (length($0) % 4) $0 = $0 "="; print }' |
    openssl base64 -d -A 2>/dev/null) || true
  if [[ $decoded != *"~$DEEP_ID" ]]; then
    log "warning: the cursor does not name row $DEEP_ROWS of the SQL ordering ($DEEP_ID): '$decoded'"
  fi
}

# What one request of figure $2 answers on service $1 before the figure is measured, to
# say why a figure has errors.
probe() {
  local name=$1 figure=$2 code out="$WORK_DIR/probe-$1-$2.txt"
  figure_spec "$figure" "$name"
  if [[ $F_METHOD == POST ]]; then
    code=$(curl -s -o "$out" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data-binary "@$WORK_DIR/insert-body.json" "$F_URL")
  else
    [[ $figure != byid ]] || F_URL+=$(head -n 1 "$WORK_DIR/ids.txt")
    code=$(curl -s -o "$out" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$F_URL")
  fi
  PROBE[$name,$figure]=$code
  case "$figure,$code" in
    sparse,200)
      if grep -q '"content"' "$out"; then
        PROBE[$name,$figure]="200, fields= ignored"
        log "sparse: GET answered 200 with whole stories: this build ignores fields= (it does not answer 400 either)"
      fi
      ;;
    sparse,400) log "sparse: GET answered 400: this build does not accept fields= yet (expected until it lands)" ;;
    *,"$F_EXPECT") ;;
    *) log "warning: $figure answered $code: $(head -c 300 "$out")" ;;
  esac
  ((!F_INSERTS)) || cleanup_inserts
}
