#!/bin/sh
# sync_kill.sh: a sync killed with SIGKILL at random moments, 20 times,
# with notes edited here, nodes edited in the cloud, a note deleted
# (allow_delete) and a type changed between runs: each next run
# converges, nothing is lost or doubled, no false conflict. Then a sync
# killed right after it wrote the first file of a conflict: the next run
# writes the same conflict again, never a second copy, and a conflict
# that no longer is one leaves no copy behind.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start
# the plan reads the bases two at a time, as a large vault's are read
# (PLAN_CHUNK): an item's base is kept, the others let go; the nodes and
# the edges are listed two items a page, as a large table's are, each
# page taken as it comes (kills land between pages too)
export STRATUS_TEST_PLAN_CHUNK=2 STRATUS_TEST_LIST_LIMIT=2

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
	# a type change (META, then the bodies move in S3) part way through
	if [ "$i" = 10 ]; then
		sed -i 's/^type: concept$/type: note/' "$V/concepts/note-2.md"
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
	type=concept
	[ "$n" = 2 ] && type=note
	awk 'n>=2{print} /^---$/{n++}' "$V/concepts/note-$n.md" >"$WORK/local"
	s3_get "content/$type/note-$n/body.en.mdx" >"$WORK/remote"
	cmp -s "$WORK/local" "$WORK/remote" || fail "note-$n: body differs"
done
meta note-2 | grep -q '"node_type":{"S":"note"}' || fail "note-2: type not pushed"
[ "$(s3_status content/concept/note-2/body.en.mdx)" = 404 ] || fail "note-2: old body left"
total=$(cat "$V"/concepts/note-[123].md | grep -c '^round ')
[ "$total" = 20 ] || fail "local edits lost: $total of 20 rounds"

# --- killed while writing a conflict ----------------------------------
# rename() interposed: the process dies as soon as a conflict file has
# landed, before the sync could record anything after it
cat >"$WORK/killconf.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <string.h>

int
rename(const char *from, const char *to)
{
	int (*real)(const char *, const char *) =
	    (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	int rc = real(from, to);

	if (rc == 0 && strstr(to, ".conflict-") && !strstr(to, "/.stratus/"))
		raise(SIGKILL);
	return rc;
}
C
${CC:-cc} -shared -fPIC -o "$WORK/killconf.so" "$WORK/killconf.c" -ldl ||
    fail "cannot build the kill shim"
killed_sync() {
	rc=0
	LD_PRELOAD="$WORK/killconf.so" \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$STRATUS" --vault "$V" sync >/dev/null 2>&1 || rc=$?
	[ "$rc" = 137 ] || fail "the sync was not killed mid-conflict ($rc)"
}
edit_cloud() {
	ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#$1\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET summary_en = :s, updated_at = :u\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"$2\"},\":u\":{\"S\":\"$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)\"}}}" >/dev/null
}
conflict_files() { find "$V/concepts" -name "$1.conflict-*" | sort; }
# a note in two languages, edited on both sides
printf -- '---\ntitle: Nota uno\nlang: es\n---\n\nCuerpo uno.\n' >"$V/concepts/note-1.es.md"
S >"$WORK/out" 2>&1 || fail "push of the translation: $(cat "$WORK/out")"
echo "edited here, conflicting" >>"$V/concepts/note-1.md"
edit_cloud note-1 "edited there, conflicting"
killed_sync
[ "$(conflict_files note-1 | wc -l)" = 1 ] || fail "first run: $(conflict_files note-1)"
sleep 1	# a later run has another time stamp
rc=0
S >"$WORK/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "the conflict must be open (1), got $rc: $(cat "$WORK/out")"
[ "$(conflict_files note-1 | wc -l)" = 2 ] || fail "conflict copies: $(conflict_files note-1)"
[ "$(conflict_files note-1 | sed 's/.*conflict-\([0-9TZ]*\).*/\1/' | sort -u | wc -l)" = 1 ] ||
    fail "two conflict copies: $(conflict_files note-1)"
grep -q 'edited there, conflicting' $(conflict_files note-1) || fail "the cloud's version is not beside the note"
S status >"$WORK/st" 2>&1 || true
[ "$(grep -c "cloud's version:" "$WORK/st")" = 2 ] || fail "status: $(cat "$WORK/st")"
S resolve note-1 --keep local >/dev/null || fail "resolve"
S >"$WORK/out" 2>&1 || fail "push after resolve: $(cat "$WORK/out")"
[ -z "$(conflict_files note-1)" ] || fail "conflict copies left: $(conflict_files note-1)"

# killed mid-conflict, then the local edit undone: no conflict any more,
# and the half-written copy does not stay in the vault
cp "$V/concepts/note-3.md" "$WORK/note-3.base"
echo "an edit to undo" >>"$V/concepts/note-3.md"
edit_cloud note-3 "edited there"
killed_sync
[ "$(conflict_files note-3 | wc -l)" = 1 ] || fail "no conflict file: $(conflict_files note-3)"
cp "$WORK/note-3.base" "$V/concepts/note-3.md"
S >"$WORK/out" 2>&1 || fail "sync after the undo: $(cat "$WORK/out")"
grep -q 'pulled 1,' "$WORK/out" || fail "after the undo: $(cat "$WORK/out")"
[ -z "$(conflict_files note-3)" ] || fail "a stale conflict copy stayed: $(conflict_files note-3)"
S status >"$WORK/st" || fail "status: $(cat "$WORK/st")"
grep -q 'open conflicts: none' "$WORK/st" || fail "status: $(cat "$WORK/st")"
echo "sync_kill: ok"
