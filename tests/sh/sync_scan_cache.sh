#!/bin/sh
# sync_scan_cache.sh: the sync scan's cache of what it read, against real
# stand-ins (dynalite and s3rver): it lives in the cache folder, never in
# the vault; a note rewritten in place with its size and mtime kept (only
# its ctime moves) is still pushed; a damaged or deleted cache is no
# cache, and loses nothing.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start
# the files are synced as soon as they are written: cache them at once
export STRATUS_TEST_SCAN_SETTLE_MS=0
# this run's cache folder alone (a vault's cache is named from its path)
export XDG_CACHE_HOME="$WORK/cache"

V="$WORK/vault"
mkdir -p "$V/concepts"
# the cache is off where the files' times cannot vouch for them (fs_kind)
case $(stat -f -c %t "$V") in
4d44|2011bab0|6969|517b|ff534d42|fe534d42|1021997|65735546|786f4256|\
5346414f|6b414653|61756673|47504653|c36400)
	fail "$WORK is on a file system where the scan cache is off" \
	    "($(stat -f -c %T "$V")): run the tests on a local one" ;;
esac
for i in 1 2 3; do
	printf -- '---\ntitle: Note %d\n---\n\nThe cat sat on note %d, ' \
	    "$i" "$i" >"$V/concepts/note-$i.md"
	printf 'see [[note-%d]].\n' $((i % 3 + 1)) >>"$V/concepts/note-$i.md"
done
S() { "$STRATUS" --vault "$V" sync "$@" >"$WORK/out" 2>"$WORK/err"; }
rows() { sqlite3 "$cache" 'SELECT count(*) FROM files'; }

S || fail "first push: $(cat "$WORK/err")"
grep -q 'pushed 3,' "$WORK/out" || fail "first push: $(cat "$WORK/out")"
cache=$(ls "$XDG_CACHE_HOME"/stratus/*.scan.db 2>/dev/null) ||
    fail "no scan cache in $XDG_CACHE_HOME/stratus"
[ "$(rows)" = 3 ] || fail "the cache holds $(rows) files, not 3"
if find "$V" -name '*.scan.db*' | grep -q .; then
	fail "the scan cache is in the vault"
fi
S || fail "no-op: $(cat "$WORK/err")"
grep -q 'pushed 0, pulled 0' "$WORK/out" || fail "no-op: $(cat "$WORK/out")"

# rewritten in place, the same size, the mtime put back: the inode and
# the size and the mtime are those recorded, the ctime is not
f="$V/concepts/note-2.md"
cp -p "$f" "$WORK/orig"
sed 's/The cat sat/The dog sat/' "$WORK/orig" >"$WORK/new"
cat "$WORK/new" >"$f"
touch -r "$WORK/orig" "$f"
[ "$(stat -c '%s %Y' "$f")" = "$(stat -c '%s %Y' "$WORK/orig")" ] ||
    fail "the test did not keep the size and mtime"
S || fail "sync after the edit: $(cat "$WORK/err")"
grep -q 'pushed 1,' "$WORK/out" ||
    fail "an edit keeping its size and mtime not pushed: $(cat "$WORK/out")"
s3_get content/concept/note-2/body.en.mdx | grep -q 'The dog sat' ||
    fail "the cloud's body is not the edited one"

# a row that says what its file does not (a file system whose times lie):
# the note is planned as edited, read again before anything is sent, its
# hash found to be the base's: left alone, said, and the row forgotten
h=0000000000000000000000000000000000000000000000000000000000000000
sqlite3 "$cache" \
    "UPDATE files SET hash = '$h' WHERE path = 'concepts/note-1.md'"
S || fail "sync with a wrong row: $(cat "$WORK/err")"
grep -q 'note-1.md: changed during the sync' "$WORK/err" ||
    fail "a wrong row was not found out: $(cat "$WORK/err")"
grep -q 'pushed 0,' "$WORK/out" || fail "a wrong row pushed: $(cat "$WORK/out")"
s3_get content/concept/note-1/body.en.mdx | grep -q 'The cat sat on note 1' ||
    fail "the cloud's body changed"
[ "$(sqlite3 "$cache" "SELECT count(*) FROM files WHERE hash = '$h'")" = 0 ] ||
    fail "the wrong row is still in the cache"
S || fail "sync after a wrong row: $(cat "$WORK/err")"
grep -q 'pushed 0, pulled 0' "$WORK/out" || fail "after: $(cat "$WORK/out")"
[ ! -s "$WORK/err" ] || fail "said again: $(cat "$WORK/err")"

# a damaged cache: made again; the sync as without it
printf 'not a database at all\n' >"$cache"
rm -f "$cache-wal" "$cache-shm"
S || fail "sync with a damaged cache: $(cat "$WORK/err")"
grep -q 'pushed 0, pulled 0' "$WORK/out" ||
    fail "damaged cache: $(cat "$WORK/out")"
[ "$(rows)" = 3 ] || fail "the damaged cache was not made again: $(rows)"
echo "Added after the cache was damaged." >>"$V/concepts/note-3.md"
S || fail "sync with a damaged cache: $(cat "$WORK/err")"
grep -q 'pushed 1,' "$WORK/out" ||
    fail "edit with a damaged cache: $(cat "$WORK/out")"
s3_get content/concept/note-3/body.en.mdx | grep -q 'Added after the cache' ||
    fail "the cloud's body lacks the edit"

# deleted: made again
rm -f "$cache" "$cache-wal" "$cache-shm"
S || fail "sync without a cache: $(cat "$WORK/err")"
grep -q 'pushed 0, pulled 0' "$WORK/out" || fail "no cache: $(cat "$WORK/out")"
[ "$(rows)" = 3 ] || fail "the cache was not made again"
echo "PASS"
