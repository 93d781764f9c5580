#!/bin/sh
# explore_related.sh: the explorer's related view (r) in a pseudo-terminal
# on the related fixture: from a note, r lists the related notes best
# first with each reason; j moves; Enter opens the selected note; back
# returns to the list; r from a search result works too; the help lists
# the key.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
cp -R "$TESTDATA/related-vault" "$tmp/vault" || fail "copy the vault"
export LC_ALL=C.UTF-8

"$PTYRUN" -s 24x100 -- "$STRATUS" --vault "$tmp/vault" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
keys \x10target\r
wait-for "Snapstart restores the firecracker snapshot"
keys r
wait-for "Related to Target"
expect "8 notes, by links, tags and words"
expect-row 3 "▌Linked  2.00  notes/linked.md"
expect-row 4 "▌   linked both ways"
expect "2 shared links: [[anchor-one]], [[anchor-two]]"
expect "words: firecracker, snapstart"
expect "tag #rare-one"
keys j
wait-for "▌Coupled  1.26  notes/coupled.md"
keys \r
wait-for "Delta echo foxtrot."
keys \x7f
wait-for "▌Coupled  1.26  notes/coupled.md"
# r again from another note: the list follows it
keys \x10worded\r
wait-for "Mike says snapstart"
keys r
wait-for "Related to Worded"
expect "words: firecracker, snapstart"
keys ?
wait-for "related: notes sharing links, tags or words with the note"
keys q
wait-for "Related to Worded"
keys q
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "the explorer script failed"; }
pass
