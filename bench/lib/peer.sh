#!/usr/bin/env bash
# bench/lib/peer.sh: the peer bench/peer.sh measures the service against, Platformatic DB
# (an auto-generated REST layer over PostgreSQL, on Node.js): installs it pinned from
# bench/peer/package-lock.json into bench/peer/node_modules (ignored by git), starts it
# over schema tales of the benchmark database as a service named like the others (so the
# measuring, pausing and stopping of bench/lib/service.sh and measure.sh apply to it), and
# checks that it answers the figures' requests with the service's data before anything is
# measured. Sourced after bench/lib/service.sh and bench/lib/figures.sh.

set -euo pipefail

PEER_DIR="$BENCH_DIR/peer"
PEER_VERSION=2.61.0
PEER_NODE_MAJOR=20

# Node.js (20 or newer; 2.61.0 is what the issue measured on Node 20) and the peer, with
# npm ci from the lock file when it is missing or another version.
ensure_peer() {
  local major installed
  command -v node >/dev/null && command -v npm >/dev/null ||
    die "the peer needs Node.js $PEER_NODE_MAJOR+ and npm on PATH"
  major=$(node -p 'process.versions.node.split(".")[0]')
  ((major >= PEER_NODE_MAJOR)) || die "the peer needs Node.js $PEER_NODE_MAJOR or newer, not $(node --version)"
  installed=$(node -p "require('$PEER_DIR/node_modules/@platformatic/db/package.json').version" 2>/dev/null || true)
  if [[ $installed != "$PEER_VERSION" ]]; then
    log "installing the peer: @platformatic/db@$PEER_VERSION with npm ci into ${PEER_DIR#"$REPO_DIR"/}/node_modules"
    # --ignore-scripts: none of its packages needs an install script for PostgreSQL
    (cd "$PEER_DIR" && exec 9>&- && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) >&2 ||
      die "npm ci of the peer failed"
  fi
  PEER_LABEL="@platformatic/db $PEER_VERSION on Node.js $(node --version)"
}

# Starts the peer as service $1 on a free port against database DB (schema tales, the
# defaults otherwise), waits for its first answer; records SVC_STARTUP like start_service.
start_peer() {
  local name=$1 service_log=$2 userinfo port t i code pid
  userinfo=$(urlencode "$PGUSER")
  [[ -z ${PGPASSWORD:-} ]] || userinfo+=":$(urlencode "$PGPASSWORD")"
  port=$(free_port "$((${BENCH_PORT:-18080} + 100))")
  SVC_URL[$name]="http://127.0.0.1:$port" SVC_LOG[$name]=$service_log SVC_KIND[$name]=platformatic
  touch "$service_log"
  printf '\n===== %s: %s (%s) =====\n' "$(date -u +%FT%TZ)" "$name" "$DB" >>"$service_log"
  log "starting the peer ($name) on ${SVC_URL[$name]}: $PEER_LABEL, schema tales of $DB"
  on_exit stop_all_services
  t=${EPOCHREALTIME/./}
  (
    exec 9>&-
    cd "$PEER_DIR"
    PLT_DATABASE_URL="postgres://$userinfo@127.0.0.1:$PGPORT/$DB" PLT_SERVER_PORT=$port \
      exec node node_modules/@platformatic/db/db.mjs start -c platformatic.json
  ) >>"$service_log" 2>&1 &
  pid=$!
  SVC_PID[$name]=$pid
  for ((i = 0; ; i++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "${SVC_URL[$name]}/talesStories?limit=1&fields=id" 2>/dev/null) || true
    [[ $code == 200 ]] && break
    if ! kill -0 "$pid" 2>/dev/null || ((i > 1800)); then
      tail -n 40 "$service_log" >&2
      kill -0 "$pid" 2>/dev/null && die "the peer ($name) did not answer within 180 s"
      unset "SVC_PID[$name]"
      die "the peer ($name) exited during start-up (log: $service_log)"
    fi
    sleep 0.1
  done
  SVC_STARTUP[$name]=$(seconds_since "$t")
  log "peer ready after ${SVC_STARTUP[$name]} s"
}

# GET path $2 of service $1 into file $3; dies unless it answers 200
fetch_json() {
  local code
  code=$(curl -s -o "$3" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "${SVC_URL[$1]}$2")
  [[ $code == 200 ]] || die "GET $2 on $1 answered $code: $(head -c 300 "$3")"
}

# Before measuring: the peer answers each figure's request, with the service's data. The
# same story by id (every field both show), the same ids on the first list page, and a
# POST of the insert body stores the same values (then deleted like the runs' rows).
verify_peer() {
  local ours=$1 peer=$2 id d="$WORK_DIR/verify" figure
  mkdir -p "$d"
  id=$(head -n 1 "$WORK_DIR/ids.txt")
  fetch_json "$ours" "/stories/$id" "$d/ours-byid.json"
  fetch_json "$peer" "/talesStories/$id" "$d/peer-byid.json"
  fetch_json "$ours" "/stories?$LIST_QUERY" "$d/ours-list.json"
  fetch_json "$peer" "/talesStories?$PEER_LIST_QUERY" "$d/peer-list.json"
  curl -s -o "$d/peer-insert.json" -X POST -H 'Content-Type: application/json' \
    --data-binary "@$WORK_DIR/insert-body.json" "${SVC_URL[$peer]}/talesStories"
  cleanup_inserts
  node - "$d" "$WORK_DIR/insert-body.json" <<'NODE' || die "the peer's answers do not match the service's (files in ${d#"$REPO_DIR"/})"
const fs = require('fs');
const [dir, bodyFile] = process.argv.slice(2);
const read = (f) => JSON.parse(fs.readFileSync(`${dir}/${f}`, 'utf8'));
const fail = (what) => { console.error(`verify: ${what}`); process.exit(1); };
// jsonb keeps an object's keys in its own order: compare objects key by key
const canon = (v) => (v && typeof v === 'object' && !Array.isArray(v)
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])]))
  : Array.isArray(v) ? v.map(canon) : v);
const same = (a, b) => JSON.stringify(canon(a)) === JSON.stringify(canon(b));
// the peer shows every column (userId, searchVector too); compare the fields both show.
// Times: the peer gives milliseconds, the service microseconds. Media URLs: the service
// answers signed URLs of the stored object, the peer the column (a public URL): compare
// the object they name.
const ours = read('ours-byid.json'), peer = read('peer-byid.json');
const times = ['createdAt', 'updatedAt'], media = ['audioFileUrl', 'thumbnailUrl'];
const object = (url) => (url == null ? url : url.replace(/^.*\/object\/(sign|public)\//, '').replace(/\?.*$/, ''));
const shared = Object.keys(ours).filter((k) => k in peer);
if (shared.length < 15) fail(`by id: only ${shared.length} fields in common`);
for (const k of shared) {
  const equal = times.includes(k) ? Date.parse(ours[k]) === Date.parse(peer[k])
    : media.includes(k) ? object(ours[k]) === object(peer[k]) : same(ours[k], peer[k]);
  if (!equal) fail(`by id: ${k} differs: ${JSON.stringify(ours[k])} vs ${JSON.stringify(peer[k])}`);
}
const ids = (page) => (Array.isArray(page) ? page : page.items || page.data).map((s) => s.id);
const a = ids(read('ours-list.json')), b = ids(read('peer-list.json'));
if (a.length !== 50 || !same(a, b)) fail(`list: the first page differs (${a.length} vs ${b.length} stories)`);
const sent = JSON.parse(fs.readFileSync(bodyFile, 'utf8')), stored = read('peer-insert.json');
for (const k of Object.keys(sent)) if (!same(sent[k], stored[k])) fail(`insert: ${k} was not stored as sent`);
if (!stored.id) fail('insert: no id');
console.log(`verify: by id ${shared.length} fields equal; list: the same 50 ids; insert: every field stored`);
NODE
}
