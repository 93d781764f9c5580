#!/bin/sh
# watch_serve.sh: `stratus watch` keeps the index fresh and commands ask it
# instead of walking the vault, and are never told stale answers: a note
# written an instant before a search is found (50 times, no pause between
# the write and the search), a deleted note is gone, a renamed folder is
# seen; a watcher killed with SIGKILL leaves a socket the next command
# ignores and the next watcher replaces; a stopped watcher costs a command
# its timeout, not its answer; a request for another vault is refused;
# a second watcher waits and takes over when the first stops; a note
# changed under a linked folder is seen under both names; `mv` asks the
# watcher after it writes; SIGTERM removes
# the socket.
set -u
. "$SRCDIR/tests/lib.sh"

tmp=$(mktemp -d) || fail "mktemp"
pids=""
cleanup() {
	for p in $pids; do
		kill -CONT "$p" 2>/dev/null
		kill "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
cp -R "$TESTDATA/vaults/explore" "$tmp/vault" || fail "copy the vault"
cp -R "$TESTDATA/vaults/explore" "$tmp/other" || fail "copy the vault"
V="$tmp/vault"
S="$STRATUS"

# served PID: `stratus index` says the watcher PID kept the index fresh
served() {
	"$S" --vault "$V" index 2>/dev/null | grep -q "kept so by stratus (pid $1)"
}

"$S" --vault "$V" index >/dev/null || fail "first index"
"$S" --vault "$V" watch --quiet >"$tmp/w1.out" 2>&1 &
w1=$!
pids="$w1"
wait_until 20 served "$w1" || fail "the watcher never served: $(cat "$tmp/w1.out")"
sock=$(ls "$XDG_CACHE_HOME"/stratus/*.db.sock 2>/dev/null | head -1)
[ -S "$sock" ] || fail "no socket beside the index"

# A note written an instant before each search is found.
i=1
while [ $i -le 50 ]; do
	printf -- '---\ntitle: Fresh %s\n---\n\nThe word qzfresh%sx is here.\n' \
	    "$i" "$i" > "$V/fresh$i.md"
	out=$("$S" --vault "$V" search "qzfresh${i}x" 2>&1)
	echo "$out" | grep -q "fresh$i.md" ||
		fail "search $i missed the note written just before: $out"
	i=$((i + 1))
done
# Edited in place: the old word goes, the new one comes.
printf -- '# Fresh 7\n\nNow it says qzedited.\n' > "$V/fresh7.md"
"$S" --vault "$V" search qzedited | grep -q fresh7.md ||
	fail "an edit was not seen"
expect_status 1 "$S" --vault "$V" search qzfresh7x
# A deleted note is gone.
rm "$V/fresh3.md"
expect_status 1 "$S" --vault "$V" search qzfresh3x
# A new folder with a note, then the folder renamed.
mkdir "$V/later" && printf -- '# Zeta\n\nqzzeta arrived.\n' > "$V/later/zeta.md"
"$S" --vault "$V" search qzzeta | grep -q "later/zeta.md" ||
	fail "a note in a new folder was not seen"
mv "$V/later" "$V/renamed"
out=$("$S" --vault "$V" search qzzeta)
echo "$out" | grep -q "renamed/zeta.md" || fail "renamed folder not seen: $out"
echo "$out" | grep -q "later/zeta.md" && fail "the old folder's path stayed: $out"
# A note written in the renamed folder (watched under its new name).
printf -- '# Eta\n\nqzeta here.\n' > "$V/renamed/eta.md"
"$S" --vault "$V" search qzeta | grep -q "renamed/eta.md" ||
	fail "a note in the renamed folder was not seen"
# The folder removed: its notes go.
rm -r "$V/renamed"
expect_status 1 "$S" --vault "$V" search qzzeta
# `mv` asks the watcher too, after writing: the note's new name and
# the links rewritten to it are in the index at once.
printf -- '# Theta\n\nqztheta here.\n' > "$V/theta.md"
printf -- '# Iota\n\nSee [[theta]].\n' > "$V/iota.md"
"$S" --vault "$V" mv theta thetanew >/dev/null || fail "mv theta"
"$S" --vault "$V" search qztheta | grep -q "thetanew.md" ||
	fail "mv: the new name was not seen"
"$S" --vault "$V" backlinks thetanew | grep -q "iota.md" ||
	fail "mv: the rewritten link was not seen: $("$S" --vault "$V" backlinks thetanew 2>&1)"
served "$w1" || fail "the watcher stopped serving"
# A request for another vault is refused (the other walks for itself).
python3 - "$sock" "$tmp/other" <<'EOF' || fail "a request for another vault was not refused"
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.sendall(("stratus-fresh 1 0 en %s\n" % sys.argv[2]).encode())
reply = s.makefile().readline()
sys.exit(0 if reply.startswith("no ") else 1)
EOF
"$S" --vault "$tmp/other" index | grep -q "kept so" &&
	fail "another vault was served"

# A stopped watcher: the command gives up waiting and walks.
kill -STOP "$w1"
printf -- '# Stopped\n\nqzstopped here.\n' > "$V/stopped.md"
STRATUS_FRESH_TIMEOUT_MS=300 "$S" --vault "$V" search qzstopped | grep -q stopped.md ||
	fail "a stopped watcher made a search miss a note"
kill -CONT "$w1"
wait_until 20 served "$w1" || fail "the watcher did not serve again"

# A second watcher waits, then takes over when the first ends (SIGTERM
# removes the socket on the way out).
"$S" --vault "$V" watch >"$tmp/w2.out" 2>&1 &
w2=$!
pids="$w1 $w2"
wait_until 20 grep -q "keeps .* fresh already" "$tmp/w2.out" ||
	fail "the second watcher did not say it waits: $(cat "$tmp/w2.out")"
kill -TERM "$w1"
wait "$w1" || fail "the watcher did not exit cleanly on SIGTERM ($?)"
wait_until 20 served "$w2" || fail "the second watcher did not take over"

# SIGKILL: the socket stays; commands fall back; the next watcher replaces it.
kill -KILL "$w2"
wait "$w2" 2>/dev/null
pids=""
[ -S "$sock" ] || fail "expected the killed watcher's socket to stay"
printf -- '# After\n\nqzafter the kill.\n' > "$V/after.md"
out=$("$S" --vault "$V" index 2>&1) || fail "index after the kill: $out"
echo "$out" | grep -q "kept so" && fail "a dead watcher answered: $out"
"$S" --vault "$V" search qzafter | grep -q after.md ||
	fail "the fallback walk missed a note"
"$S" --vault "$V" watch --quiet >"$tmp/w3.out" 2>&1 &
w3=$!
pids="$w3"
wait_until 20 served "$w3" || fail "the next watcher did not replace the socket"
printf -- '# Last\n\nqzlast word.\n' > "$V/last.md"
"$S" --vault "$V" search qzlast | grep -q last.md || fail "w3 missed a note"
# A symbolic link to a folder: a note changed under one name is seen
# under the other as well (the watcher walks the vault for such changes).
mkdir "$V/real" && ln -s real "$V/alias" || fail "make a linked folder"
printf -- '# Real\n\nqzreal one.\n' > "$V/real/r.md"
out=$("$S" --vault "$V" search qzreal)
echo "$out" | grep -q "alias/r.md" && echo "$out" | grep -q "real/r.md" ||
	fail "a note in a linked folder was not seen under both names: $out"
printf -- '# Real\n\nqzrealtwo now.\n' > "$V/real/r.md"
out=$("$S" --vault "$V" search qzrealtwo)
echo "$out" | grep -q "alias/r.md" ||
	fail "an edit was not seen through the link: $out"
# What the watchers kept is what a full walk finds.
paths() {
	"$S" --vault "$V" search --limit 1000 "$1" | grep '^[^ ]' | sort
}
paths qzfresh > "$tmp/served"
kill -TERM "$w3"
wait "$w3" || fail "the watcher did not exit cleanly on SIGTERM ($?)"
pids=""
[ -e "$sock" ] && fail "SIGTERM left the socket"
[ -e "${sock%.sock}.open" ] && fail "SIGTERM left the index marked open"
"$S" --vault "$V" index --full >/dev/null || fail "full index"
paths qzfresh > "$tmp/walked"
[ "$(wc -l < "$tmp/walked")" -eq 48 ] ||
	fail "expected 48 notes with qzfresh: $(cat "$tmp/walked")"
cmp -s "$tmp/served" "$tmp/walked" ||
	fail "the served index differs from a full walk's: $(diff "$tmp/served" "$tmp/walked")"
pass
