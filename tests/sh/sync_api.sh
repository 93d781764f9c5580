#!/bin/sh
# sync_api.sh: the read-only mirror, stratus sync --pull-only --api URL,
# against a stand-in of the REST read API serving the documented shapes:
# public nodes without a token, private ones with STRATUS_API_TOKEN,
# 429s retried, changes pulled (edges too, from the graph), a node gone
# (404) moved to the trash, one merely missing from the graph left alone,
# a local edit never pushed.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_need_servers
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

V="$WORK/vault"
mkdir -p "$V"
cat >"$WORK/data.json" <<'JSON'
{"nodes": [
 {"slug": "api-gateway", "node_type": "concept", "status": "evergreen",
  "visibility": "public", "title": "API Gateway", "title_es": "API Gateway",
  "title_en": "API Gateway", "summary_es": "Puerta de entrada",
  "summary_en": "Front door", "tags": ["aws", "api"],
  "created_at": "2024-06-20T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z",
  "body_es": "\n# API Gateway\n\nEn español.\n", "body_en": "\n# API Gateway\n\nIn English.\n",
  "edges": ["lambda"]},
 {"slug": "lambda", "node_type": "concept", "status": "seed", "visibility": "public",
  "title": "Lambda", "title_es": "Lambda", "title_en": "Lambda",
  "summary_es": "", "summary_en": "", "tags": [],
  "created_at": "2024-06-20T00:00:00.000Z", "updated_at": "2026-01-01T00:00:00.000Z",
  "body_es": "\nSolo en español.\n", "edges": []},
 {"slug": "essay-one", "node_type": "essay", "status": "growing", "visibility": "public",
  "title": "Ensayo", "title_es": "Ensayo", "title_en": "Essay",
  "summary_es": "r", "summary_en": "s", "tags": ["x"],
  "created_at": "2025-01-01T10:00:00.000Z", "updated_at": "2026-01-02T00:00:00.000Z",
  "body_es": "\nUno.\n", "body_en": "\nOne.\n", "edges": []},
 {"slug": "../../evil", "node_type": "concept", "status": "seed", "visibility": "public",
  "title": "Evil", "updated_at": "2026-01-02T00:00:00.000Z", "body_es": "x", "edges": []},
 {"slug": "bad-type", "node_type": "../../../tmp", "status": "seed", "visibility": "public",
  "title": "Bad \u001b[31m", "updated_at": "2026-01-02T00:00:00.000Z", "body_es": "x", "edges": []},
 {"slug": "secret-plan", "node_type": "note", "status": "seed", "visibility": "private",
  "title": "Plan", "title_es": "Plan", "title_en": "Plan",
  "summary_es": "", "summary_en": "", "tags": [],
  "created_at": "2025-01-01T10:00:00.000Z", "updated_at": "2026-01-02T00:00:00.000Z",
  "body_es": "\nPrivado.\n", "body_en": "\nPrivate.\n", "edges": []}
]}
JSON
node "$SRCDIR/tests/sync/apiserver.js" --data "$WORK/data.json" \
    --port-file "$WORK/api.port" --token tok-123 --throttle-every 4 \
    --log "$WORK/api.log" --parent $$ &
SYNC_PIDS="$SYNC_PIDS $!"
wait_file "$WORK/api.port" 10
API="http://127.0.0.1:$(cat "$WORK/api.port")"
S() { "$STRATUS" --vault "$V" sync "$@"; }

rc=0
S --api "$API" >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "--api without --pull-only must be a usage error"
S --pull-only --api "$API" >"$WORK/out" 2>"$WORK/err" || fail "mirror: $(cat "$WORK/err")"
grep -q 'pulled 3,' "$WORK/out" || fail "mirror: $(cat "$WORK/out")"
grep -q ' 429 ' "$WORK/api.log" || fail "no 429 was served"
grep -q 'In English.' "$V/concepts/api-gateway.md" || fail "English body"
grep -q 'En español.' "$V/concepts/api-gateway.es.md" || fail "Spanish body"
grep -q 'lambda' "$V/concepts/api-gateway.md" || fail "edges as concepts"
[ -f "$V/concepts/lambda.es.md" ] || fail "Spanish-only node"
[ ! -e "$V/concepts/lambda.md" ] || fail "the Spanish fallback was taken for an English body"
[ -f "$V/essays/essay-one.md" ] || fail "essay folder"
[ ! -e "$V/notes/secret-plan.md" ] || fail "a private node without a token"
grep -q 'not a valid slug' "$WORK/err" || fail "hostile slug not warned: $(cat "$WORK/err")"
grep -q 'bad-type: node type is not a safe name' "$WORK/err" || fail "hostile type not warned"
[ -z "$(find "$WORK" -name 'evil*' -o -name 'bad-type*' | grep -v data.json)" ] || fail "hostile node written"
STRATUS_API_TOKEN=tok-123 S --pull-only --api "$API" >"$WORK/out" 2>"$WORK/err" || fail "with token: $(cat "$WORK/err")"
[ -f "$V/notes/secret-plan.md" ] || fail "private node with a token"
grep -q 'tok-123' "$WORK/out" "$WORK/err" && fail "the token was printed"
S --pull-only --api "$API" >"$WORK/out" || fail "no-op mirror"
grep -q 'pulled 0,' "$WORK/out" || fail "no-op: $(cat "$WORK/out")"
[ -f "$V/notes/secret-plan.md" ] || fail "a node merely hidden from the graph was removed"

# an edge added in the cloud, updated_at unchanged: the graph shows it
python3 - "$WORK/data.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
for n in d["nodes"]:
    if n["slug"] == "essay-one":
        n["edges"] = ["lambda", "secret-plan"]
json.dump(d, open(p, "w"))
PY
S --pull-only --api "$API" >"$WORK/out" 2>"$WORK/err" || fail "edge: $(cat "$WORK/err")"
grep -q 'pulled 1,' "$WORK/out" || fail "an edge added in the graph: $(cat "$WORK/out")"
sed -n '/^concepts:/,/^[a-z_]*:/p' "$V/essays/essay-one.md" | grep -q lambda ||
    fail "edge not in concepts: $(cat "$V/essays/essay-one.md")"
# the edge to a node the graph hides (private, no token) is no change
S --pull-only --api "$API" >"$WORK/out" || fail "no-op after an edge"
grep -q 'pulled 0,' "$WORK/out" || fail "edge pulled again: $(cat "$WORK/out")"

# a change, a deletion, and a local edit that is never pushed
sed -i 's/In English\./Changed in the cloud./' "$WORK/data.json"
python3 - "$WORK/data.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
for n in d["nodes"]:
    if n["slug"] == "api-gateway":
        n["updated_at"] = "2026-02-01T00:00:00.000Z"
d["nodes"] = [n for n in d["nodes"] if n["slug"] != "essay-one"]
json.dump(d, open(p, "w"))
PY
echo "local only" >>"$V/concepts/lambda.es.md"
S --pull-only --api "$API" >"$WORK/out" 2>"$WORK/err" || fail "mirror 2: $(cat "$WORK/err")"
grep -q 'Changed in the cloud.' "$V/concepts/api-gateway.md" || fail "change not pulled"
# a node a token run saw may be private: an anonymous 404 is no delete
[ -e "$V/essays/essay-one.md" ] || fail "an anonymous run trashed a node a token run saw"
STRATUS_API_TOKEN=tok-123 S --pull-only --api "$API" >"$WORK/out" 2>"$WORK/err" ||
    fail "mirror 2 with a token: $(cat "$WORK/err")"
[ ! -e "$V/essays/essay-one.md" ] || fail "a deleted node's note stayed"
ls "$V"/.stratus/trash/*/essays/essay-one.md >/dev/null 2>&1 || fail "not in the trash"
grep -q 'local only' "$V/concepts/lambda.es.md" || fail "local edit lost"

# the node pulled with a token (the API never says "private") is kept by
# anonymous runs, which get 404 for it
[ -f "$V/notes/secret-plan.md" ] || fail "private note trashed by an anonymous run"
grep -q '^visibility' "$V/notes/secret-plan.md" && fail "the API never returns visibility"

# an API whose every node is refused: an error, not "pulled 0"
cat >"$WORK/bad.json" <<'JSON'
{"nodes": [
 {"slug": "x-one", "node_type": "../x", "status": "seed", "title": "X",
  "updated_at": "2026-01-02T00:00:00.000Z", "body_es": "x", "edges": []},
 {"slug": "x-two", "node_type": "../y", "status": "seed", "title": "Y",
  "updated_at": "2026-01-02T00:00:00.000Z", "body_es": "y", "edges": []}
]}
JSON
cp "$WORK/bad.json" "$WORK/data.json"
mkdir -p "$WORK/v2"
rc=0
"$STRATUS" --vault "$WORK/v2" sync --pull-only --api "$API" >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "every node refused: exit $rc, $(cat "$WORK/out" "$WORK/err")"
grep -q 'refused' "$WORK/err" || fail "every node refused: $(cat "$WORK/err")"
echo "sync_api: ok"
