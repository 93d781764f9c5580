#!/bin/sh
# sync_cloud.sh: what other clients change in the cloud, and what a sync
# makes of it: a META-only change pulls without downloading the unchanged
# bodies again (If-None-Match), a body put back to an older version is
# downloaded; edges added or removed without a META change are pulled
# once the cache version moved, and merged with a local edit instead of
# a conflict; a type changed in the cloud moves the note's files to the
# new type's folder; a type changed here moves the node's bodies in S3.
# The first push shows its progress in notes on a terminal.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
mkdir -p "$V/concepts"
printf -- '---\ntitle: Alpha\ntype: concept\nconcepts: [beta]\n---\n\n# Alpha\n\nEnglish body of alpha.\n' \
    >"$V/concepts/alpha.md"
printf -- '---\ntitle: Alfa\nlang: es\n---\n\n# Alfa\n\nCuerpo de alfa.\n' \
    >"$V/concepts/alpha.es.md"
for n in beta gamma delta; do
	printf -- '---\ntitle: %s\ntype: concept\n---\n\n# %s\n\nBody of %s.\n' \
	    "$n" "$n" "$n" >"$V/concepts/$n.md"
done
i=1
while [ "$i" -le 24 ]; do
	printf -- '---\ntitle: Filler %d\n---\n\nFiller text %d.\n' "$i" "$i" \
	    >"$V/concepts/filler-$i.md"
	i=$((i + 1))
done
S() { "$STRATUS" --vault "$V" sync "$@"; }
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
bump() {
	ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"SYSTEM#config\"},\"SK\":{\"S\":\"CACHE_VERSION\"},\"version\":{\"S\":\"$(date +%s%3N)\"}}}" >/dev/null
}
set_meta() { # slug attribute value: an UpdateItem as the web app makes it
	ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#$1\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET $2 = :v, updated_at = :u\",\"ConditionExpression\":\"attribute_exists(PK)\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\"$3\"},\":u\":{\"S\":\"$(now)\"}}}" >/dev/null
}
edge() { # PutItem|DeleteItem source target
	if [ "$1" = PutItem ]; then
		ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#$2\"},\"SK\":{\"S\":\"EDGE#$3\"},\"edge_type\":{\"S\":\"related\"},\"created_at\":{\"S\":\"$(now)\"},\"created_by\":{\"S\":\"human\"}}}" >/dev/null
	else
		ddb DeleteItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#$2\"},\"SK\":{\"S\":\"EDGE#$3\"}}}" >/dev/null
	fi
}
edges_of() {
	ddb Query "{\"TableName\":\"$TABLE\",\"KeyConditionExpression\":\"PK = :p AND begins_with(SK, :e)\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#$1\"},\":e\":{\"S\":\"EDGE#\"}}}"
}
concepts_of() { sed -n '/^concepts:/,/^[a-z_]*:/p' "$1"; }
body_of() { awk 'n>=2{print} /^---$/{n++}' "$1"; }
summary() { grep '^sync:' "$WORK/out"; }

# --- the first push, on a terminal: progress in notes -----------------
command -v script >/dev/null 2>&1 || fail "script (util-linux) is needed"
# (the scan's own line from its first file on, not after half a second)
script -qec "STRATUS_TEST_PROGRESS_DELAY_MS=0 \"$STRATUS\" --vault \"$V\" sync >\"$WORK/out\"" "$WORK/tty" \
    >/dev/null 2>&1 || fail "first push: $(cat "$WORK/out" "$WORK/tty")"
grep -q 'pushed 28,' "$WORK/out" || fail "first push: $(cat "$WORK/out")"
tr '\r' '\n' <"$WORK/tty" >"$WORK/progress"
grep -Eq '^stratus sync: reading [0-9]+/29 files \([0-9]+ files/s\)' "$WORK/progress" ||
    fail "no progress of the scan's reading: $(cat "$WORK/progress")"
grep -Eq '^stratus sync: linking [0-9]+/29 files' "$WORK/progress" ||
    fail "no progress of the scan's links: $(cat "$WORK/progress")"
grep -Eq '^stratus sync: listing the nodes: 0 nodes' "$WORK/progress" ||
    fail "no progress of the listing: $(cat "$WORK/progress")"
grep -q '^stratus sync: pushing 28 of 28 notes (metadata)' "$WORK/progress" ||
    fail "progress: $(cat "$WORK/progress")"
grep -q '^stratus sync: pushing 28 of 28 notes (bodies)' "$WORK/progress" ||
    fail "no body progress in notes: $(cat "$WORK/progress")"
grep -q '^stratus sync: pushing 28 of 28 notes (links)' "$WORK/progress" ||
    fail "no link progress in notes: $(cat "$WORK/progress")"
# 29 bodies (alpha has two): counted as 28 notes, never as requests
grep -q ' of 29' "$WORK/progress" && fail "progress counts requests: $(cat "$WORK/progress")"

STRATUS_TEST_PROGRESS_DELAY_MS=0 S >"$WORK/out" 2>"$WORK/err" || fail "no-op"
grep -q 'pushed 0, pulled 0,.*(3 requests' "$WORK/out" || fail "no-op: $(summary)"
grep -q 'stratus sync: ' "$WORK/err" && fail "progress off a terminal: $(cat "$WORK/err")"

# --- a META-only change: pulled, the bodies not downloaded again -------
set_meta alpha title_en "Alpha, retitled on the web"
S >"$WORK/out" || fail "pull of a META change"
grep -q 'pulled 1,' "$WORK/out" || fail "META change: $(summary)"
grep -q ' 2 unchanged bodies not downloaded' "$WORK/out" || fail "bodies downloaded again: $(summary)"
grep -q 'title: Alpha, retitled on the web' "$V/concepts/alpha.md" || fail "title not pulled"
grep -q 'English body of alpha.' "$V/concepts/alpha.md" || fail "English body lost"
grep -q 'Cuerpo de alfa.' "$V/concepts/alpha.es.md" || fail "Spanish body lost"
S >"$WORK/out" || fail "no-op after the pull"
grep -q 'pushed 0, pulled 0,' "$WORK/out" || fail "not in step: $(summary)"

# the English body changed too: that one is downloaded, not the other
printf '\n# Alpha\n\nRewritten on the web.\n' >"$WORK/alpha.en"
s3_put content/concept/alpha/body.en.mdx "$WORK/alpha.en"
set_meta alpha summary_en "New summary"
S >"$WORK/out" || fail "pull of a body change"
grep -q ' 1 unchanged bodies not downloaded' "$WORK/out" || fail "body change: $(summary)"
body_of "$V/concepts/alpha.md" | cmp -s - "$WORK/alpha.en" || fail "new English body not pulled"
grep -q 'Cuerpo de alfa.' "$V/concepts/alpha.es.md" || fail "Spanish body lost"

# a body edited here, then put back in the cloud to what it was before:
# its ETag is the old one again, and it must not pass for the local one
s3_get content/concept/gamma/body.en.mdx >"$WORK/gamma.v1"
echo "Edited here." >>"$V/concepts/gamma.md"
S >"$WORK/out" || fail "push of gamma"
grep -q 'pushed 1,' "$WORK/out" || fail "gamma: $(summary)"
s3_put content/concept/gamma/body.en.mdx "$WORK/gamma.v1"
set_meta gamma summary_en "Reverted on the web"
S >"$WORK/out" || fail "pull of the reverted gamma"
body_of "$V/concepts/gamma.md" | cmp -s - "$WORK/gamma.v1" || fail "the reverted body was not downloaded"
grep -q 'Edited here.' "$V/concepts/gamma.md" && fail "the local body passed for the cloud's"

# --- edges changed in the cloud, the META not --------------------------
edge PutItem alpha gamma
bump
S --dry-run >"$WORK/plan" || fail "dry run"
grep -q '^pull .*alpha.*links changed in the cloud' "$WORK/plan" || fail "plan: $(cat "$WORK/plan")"
S >"$WORK/out" || fail "pull of an edge"
grep -q 'pulled 1,' "$WORK/out" || fail "edge added: $(summary)"
concepts_of "$V/concepts/alpha.md" | grep -q 'gamma' || fail "edge not in concepts: $(cat "$V/concepts/alpha.md")"
concepts_of "$V/concepts/alpha.md" | grep -q 'beta' || fail "old edge lost"
S >"$WORK/out" || fail "no-op after an edge pull"
grep -q 'pushed 0, pulled 0,.*(3 requests' "$WORK/out" || fail "no-op after an edge: $(summary)"

edge DeleteItem alpha beta
bump
S >"$WORK/out" || fail "pull of a removed edge"
grep -q 'pulled 1,' "$WORK/out" || fail "edge removed: $(summary)"
concepts_of "$V/concepts/alpha.md" | grep -q 'beta' && fail "removed edge still in concepts"
concepts_of "$V/concepts/alpha.md" | grep -q 'gamma' || fail "kept edge lost"
S >"$WORK/out" || fail "sync after the removed edge"
grep -q 'pushed 0, pulled 0,' "$WORK/out" || fail "a removed edge came back: $(summary)"
edges_of alpha | grep -q 'EDGE#beta' && fail "the removed edge was pushed again"

# edited here while its links changed there: pushed, merged, no conflict
echo "Delta edited here." >>"$V/concepts/delta.md"
edge PutItem delta alpha
bump
S >"$WORK/out" 2>"$WORK/err" || fail "local edit + remote edge must not conflict: $(cat "$WORK/out" "$WORK/err")"
grep -q 'pushed 1,' "$WORK/out" || fail "merge: $(summary)"
s3_get content/concept/delta/body.en.mdx | grep -q 'Delta edited here.' || fail "local edit not pushed"
edges_of delta | grep -q 'EDGE#alpha' || fail "the cloud's edge was removed"
S >"$WORK/out" || fail "sync after the merge"
grep -q 'pulled 1,' "$WORK/out" || fail "the cloud's edge is not brought here: $(summary)"
concepts_of "$V/concepts/delta.md" | grep -q 'alpha' || fail "delta's concepts lack alpha"
grep -q 'Delta edited here.' "$V/concepts/delta.md" || fail "local edit lost"
S >"$WORK/out" || fail "no-op after the merge"
grep -q 'pushed 0, pulled 0,.*(3 requests' "$WORK/out" || fail "not in step after the merge: $(summary)"

# --- a type changed in the cloud: the files move -----------------------
# as the web app does it: META, then the bodies under the new type
s3_get content/concept/alpha/body.mdx >"$WORK/a.es"
s3_get content/concept/alpha/body.en.mdx >"$WORK/a.en"
s3_put content/essay/alpha/body.mdx "$WORK/a.es"
s3_put content/essay/alpha/body.en.mdx "$WORK/a.en"
set_meta alpha node_type essay
S >"$WORK/out" 2>"$WORK/err" || fail "pull of a type change: $(cat "$WORK/err")"
grep -q 'pulled 1,' "$WORK/out" || fail "type change: $(summary)"
[ -f "$V/essays/alpha.md" ] && [ -f "$V/essays/alpha.es.md" ] || fail "files not moved: $(find "$V" -name 'alpha*')"
[ "$(find "$V" -name 'alpha*.md' ! -path '*/.stratus/*' | wc -l)" = 2 ] ||
    fail "files lost or doubled: $(find "$V" -name 'alpha*')"
grep -q '^type: essay' "$V/essays/alpha.md" || fail "type not in the file"
body_of "$V/essays/alpha.md" | cmp -s - "$WORK/a.en" || fail "English body differs after the move"
body_of "$V/essays/alpha.es.md" | cmp -s - "$WORK/a.es" || fail "Spanish body differs after the move"
S >"$WORK/out" || fail "no-op after the move"
grep -q 'pushed 0, pulled 0,' "$WORK/out" || fail "not in step after the move: $(summary)"

# --- a type changed here: META and the bodies' folder ------------------
sed -i 's/^type: concept$/type: note/' "$V/concepts/beta.md"
S >"$WORK/out" 2>"$WORK/err" || fail "push of a type change: $(cat "$WORK/err")"
grep -q 'pushed 1,' "$WORK/out" || fail "type push: $(summary)"
grep -q 'type changed' "$WORK/err" && fail "the type change was refused: $(cat "$WORK/err")"
meta beta | grep -q '"node_type":{"S":"note"}' || fail "node_type not changed: $(meta beta)"
body_of "$V/concepts/beta.md" >"$WORK/beta.local"
s3_get content/note/beta/body.en.mdx | cmp -s - "$WORK/beta.local" || fail "body not under content/note/"
[ "$(s3_status content/concept/beta/body.en.mdx)" = 404 ] || fail "old body left under content/concept/"
S >"$WORK/out" || fail "no-op after the type push"
grep -q 'pushed 0, pulled 0,' "$WORK/out" || fail "not in step after the type push: $(summary)"
echo "sync_cloud: ok"
