#!/bin/sh
# sync_kill.sh: a sync killed with SIGKILL at random moments, 20 times,
# with notes edited here, nodes edited in the cloud and a note deleted
# (allow_delete) between runs: each
# next run converges, nothing is lost or doubled, no false conflict.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
mkdir -p "$V/concepts"
for n in 1 2 3 4 5 6; do
	printf -- '---\ntitle: Note %s\ntype: concept\nconcepts: [note-%s]\n---\n\nBody of note %s.\n' \
	    "$n" "$(( n % 6 + 1 ))" "$n" >"$V/concepts/note-$n.md"
done
S() { "$STRATUS" --vault "$V" sync "$@"; }
rand() { od -An -N2 -tu2 /dev/urandom | tr -d ' '; }

# slow replies widen the window in which a kill lands mid-sync
sync_proxy_start ddb "$DDB_URL" --faults slow --every 2 --slow-ms 40
PD=$PROXY_URL
sync_proxy_start s3 "$S3_URL" --faults slow --every 2 --slow-ms 40
PS=$PROXY_URL
sync_config "$PD" "$PS" "allow_delete = true"

i=0
while [ "$i" -lt 20 ]; do
	i=$((i + 1))
	# a delete (journalled too) part way through
	if [ "$i" = 7 ]; then
		mv "$V/concepts/note-6.md" "$WORK/note-6.md"
	fi
	# an edit here, and (every other round) one in the cloud
	n=$(( $(rand) % 3 + 1 ))
	echo "round $i" >>"$V/concepts/note-$n.md"
	if [ $((i % 2)) = 0 ]; then
		m=$(( $(rand) % 2 + 4 ))
		t=$(date -u +%Y-%m-%dT%H:%M:%S).$(printf '%03d' "$i")Z
		ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#note-$m\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET summary_en = :s, updated_at = :u\",\"ConditionExpression\":\"attribute_exists(PK)\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"cloud round $i\"},\":u\":{\"S\":\"$t\"}}}" >/dev/null 2>&1 || true
	fi
	"$STRATUS" --vault "$V" sync >/dev/null 2>&1 &
	pid=$!
	ms=$(( $(rand) % 400 ))
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	S >"$WORK/out" 2>"$WORK/err" || fail "round $i: the run after a kill failed: $(cat "$WORK/out" "$WORK/err")"
done
S >"$WORK/out" 2>"$WORK/err" || fail "final sync: $(cat "$WORK/err")"
grep -q 'pushed 0, pulled 0, deleted 0' "$WORK/out" || fail "not converged: $(cat "$WORK/out")"
ls "$V"/concepts/*.conflict-* >/dev/null 2>&1 && fail "a kill made a false conflict"
[ "$(ls "$V"/concepts/*.md | wc -l)" = 5 ] || fail "notes lost or doubled: $(ls "$V/concepts")"
sync_config "$DDB_URL" "$S3_URL"
[ "$(count_items META)" = 5 ] || fail "nodes lost or doubled: $(count_items META)"
# note-5's concepts still name note-6: that edge stays, as the note says
[ "$(count_items EDGE#note-6)" = 1 ] || fail "edges to note-6: $(count_items EDGE#note-6)"
ddb Query "{\"TableName\":\"$TABLE\",\"KeyConditionExpression\":\"PK = :p\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#note-6\"}}}" |
    grep -q '"Count":0' || fail "items of the deleted node left"
[ "$(s3_status content/concept/note-6/body.en.mdx)" = 404 ] || fail "body of the deleted node left"
for n in 1 2 3 4 5; do
	awk 'n>=2{print} /^---$/{n++}' "$V/concepts/note-$n.md" >"$WORK/local"
	s3_get "content/concept/note-$n/body.en.mdx" >"$WORK/remote"
	cmp -s "$WORK/local" "$WORK/remote" || fail "note-$n: body differs"
done
total=$(cat "$V"/concepts/note-[123].md | grep -c '^round ')
[ "$total" = 20 ] || fail "local edits lost: $total of 20 rounds"
echo "sync_kill: ok"
