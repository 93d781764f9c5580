#!/bin/sh
# explore_hostile.sh: a note full of escape sequences (OSC 52 clipboard
# writes, window titles, cursor movement, screen clearing, blinking, 8-bit
# CSI, bells) in the title, body, a link label and a code block, shown in
# the explorer's search results, note view, backlinks and graph: every
# byte the program wrote to the pseudo-terminal is checked, and none of
# those sequences is there; the note shows them as visible symbols.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
V="$TESTDATA/vaults/explore"
grep -q "$(printf '\033]52;c;')" "$V/hostile.md" ||
	fail "the fixture lost its escape sequences"

"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore hostile \
    > "$tmp/out" 2>&1 <<'PTY'
wait-for "Hostile" 20000
keys \r
wait-for "A clipboard write:"
expect "␛]52;c;SGVsbG8gd29ybGQ=␇"
expect "␛[77;77H"
expect "␇␇"
keys \t\r
wait-for "Alpha"
keys b
wait-for "Backlinks of Alpha"
expect "hostile.md"
keys \e\e
keys v
wait-for "Graph of"
keys \x10host\r
wait-for "A clipboard write:"
keys G
wait-for "Links to alpha."
wait-for "14/14"
raw-check-no \e]52
raw-check-no \e]0;
raw-check-no \e]2;
raw-check-no \x07
raw-check-no \e[77;77H
raw-check-no \e[?1049l\e[2J
raw-check-no \e[5m
raw-check-no \xc2\x9b
raw-check-no pwned-title\x07
keys q
exit 0
PTY
[ $? -eq 0 ] || { cat "$tmp/out"; fail "escape sequences reached the terminal"; }
pass
