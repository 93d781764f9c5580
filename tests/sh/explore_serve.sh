#!/bin/sh
# explore_serve.sh: while the explorer runs it holds the index fresh for
# other commands too (core/fresh.h): a search from a second shell sees a
# note written an instant before, without walking the vault (`stratus
# index` says who kept it fresh), and the explorer shows the note as
# well. A `stratus watch` started meanwhile waits, and serves once the
# explorer quits.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
wpid=""
trap '[ -n "$wpid" ] && kill "$wpid" 2>/dev/null; rm -rf "$tmp"' EXIT
cp -R "$TESTDATA/vaults/explore" "$tmp/vault" || fail "copy the vault"
V="$tmp/vault"
T="$tmp"
export V T
# The nice value of each of the explorer's threads (field 19 of
# /proc/PID/task/TID/stat, the 17th after "pid (comm) "); true when the
# update worker runs 10 below the main thread (19 at most) and the main
# thread and the search worker do not (issue 13: the first check of a
# large vault took the CPU from the searches typed meanwhile).
cat > "$tmp/nice.sh" <<'SH'
p=$(pgrep -n -f -- "--vault $V explore") || exit 1
nice_of() { sed 's/.*) //' "$1" | awk '{print $17}'; }
m=$(nice_of "/proc/$p/stat")
for t in /proc/"$p"/task/*; do nice_of "$t/stat"; done > "$T/nice"
w=$((m + 10)); [ "$w" -gt 19 ] && w=19
grep -qx -- "$w" "$T/nice" && [ "$(grep -cx -- "$m" "$T/nice")" -ge 2 ]
SH

"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
run n=0; until sh "$T/nice.sh"; do n=$((n+1)); [ $n -lt 400 ] || { mv "$T/nice" "$T/nice.bad"; exit 1; }; sleep 0.05; done
# A second shell: write, then search at once.
run printf -- '---\ntitle: Nova\n---\n\nqznova came late.\n' > "$V/nova.md" && "$STRATUS" --vault "$V" search qznova > "$T/search1"
run grep -q nova.md "$T/search1"
run printf -- '# Orbit\n\nqzorbit too.\n' > "$V/orbit.md" && "$STRATUS" --vault "$V" index > "$T/index1"
run grep -q "kept so by stratus" "$T/index1"
run "$STRATUS" --vault "$V" search qzorbit | grep -q orbit.md
# The explorer shows what it served.
keys qznova
wait-for "Search › qznova"
wait-for "Nova" 20000
# A watcher started now waits for the explorer.
run "$STRATUS" --vault "$V" watch > "$T/w.out" 2>&1 & echo $! > "$T/w.pid"
run n=0; until grep -q "fresh already" "$T/w.out"; do n=$((n+1)); [ $n -lt 400 ] || exit 1; sleep 0.05; done
keys \x03
exit 0
PTY
rc=$?
[ -f "$tmp/nice.bad" ] && fail "the update worker does not run below the main thread and the search worker (nice values: $(tr '\n' ' ' < "$tmp/nice.bad"))"
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "the explorer did not serve (ptyrun exited $rc)"; }
wpid=$(cat "$tmp/w.pid")
served() {
	"$STRATUS" --vault "$V" index 2>/dev/null | grep -q "kept so by stratus (pid $wpid)"
}
wait_until 20 served || fail "the watcher did not take over from the explorer"
printf -- '# Pulsar\n\nqzpulsar here.\n' > "$V/pulsar.md"
"$STRATUS" --vault "$V" search qzpulsar | grep -q pulsar.md ||
	fail "the watcher missed a note"
kill "$wpid"
wait "$wpid" 2>/dev/null
wpid=""
pass
