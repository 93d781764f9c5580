#!/bin/sh
# sync_semantic.sh: `related --semantic` over the backend's embeddings:
# EMBED items (the backend's shape, written as its enrichment does, with
# no cache-version bump) are pulled into the index by a sync at no request
# more than the Scan it already makes, plus one BatchGetItem for the new
# ones; a no-op sync makes no request more than before; a regenerated
# vector is fetched again, a removed one dropped; notes without a vector
# are not listed; with none at all, a message says how to get them.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
mkdir -p "$V/concepts"
for n in target near mid far bare; do
	printf -- '---\ntitle: %s\ntype: concept\n---\n\n# %s\n\nBody of %s.\n' \
	    "$n" "$n" "$n" >"$V/concepts/$n.md"
done
S() { "$STRATUS" --vault "$V" sync "$@"; }
R() { "$STRATUS" --vault "$V" related --semantic "$@"; }
summary() { grep '^sync:' "$WORK/out"; }
order() { R target | sed -n 's/^\([a-z]*\)  (concepts.*$/\1/p' | tr '\n' ' '; }

S >"$WORK/out" || fail "first push"
grep -q 'pushed 5,' "$WORK/out" || fail "first push: $(summary)"
R target >/dev/null 2>"$WORK/err" && fail "semantic without vectors succeeded"
grep -q 'no embeddings: run `stratus sync` against a backend that has them' \
    "$WORK/err" || fail "message: $(cat "$WORK/err")"

# the backend's enrichment writes vectors for four of the five nodes
embed_put target 1 0
embed_put near 1 0.2
embed_put mid 1 1
embed_put far 0.1 1
S >"$WORK/out" || fail "sync after the embeddings"
grep -q 'pushed 0, pulled 0,.*(4 requests' "$WORK/out" ||
    fail "embeddings cost more than one BatchGetItem: $(summary)"
[ "$(order)" = "near mid far " ] || fail "semantic order: $(order)
$(R target)"
R target | grep -q 'bare' && fail "a note without a vector listed"
R target | grep -q 'embedding similarity 0.98' || fail "reason: $(R target)"
R --json target | python3 -c '
import json, sys
v = json.load(sys.stdin)
assert [r["slug"] for r in v] == ["near", "mid", "far"], v
assert abs(v[1]["score"] - 0.7071) < 1e-3, v[1]
' || fail "json: $(R --json target)"
R bare >/dev/null 2>&1 && fail "a note without a vector has neighbours"

# nothing changed: no request for the vectors
S >"$WORK/out" || fail "no-op"
grep -q 'pushed 0, pulled 0,.*(3 requests' "$WORK/out" || fail "no-op: $(summary)"

# near regenerated (now far from target), mid's removed
embed_put near 0 1 2030-01-01T00:00:00.000Z
ddb DeleteItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#mid\"},\"SK\":{\"S\":\"EMBED\"}}}" >/dev/null
S >"$WORK/out" || fail "sync after the changes"
grep -q '(4 requests' "$WORK/out" || fail "regenerated: $(summary)"
[ "$(order)" = "far " ] || fail "after the changes: $(order)"
S >"$WORK/out" || fail "no-op again"
grep -q '(3 requests' "$WORK/out" || fail "no-op again: $(summary)"

# the index is a cache: rebuilt, it is filled again by the next sync
rm -rf "$XDG_CACHE_HOME/stratus"
S >"$WORK/out" || fail "sync after the index was removed"
[ "$(order)" = "far " ] || fail "after the rebuild: $(order)"
exit 0
