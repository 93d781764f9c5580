#!/bin/sh
# explore_fixture.sh: the explorer run for real in a pseudo-terminal
# (tests/pty's ptyrun: libvterm + forkpty) on a copy of the fixture vault
# tests/data/vaults/explore: search, open, follow a link, back and
# forward, a heading link, an unresolved link, backlinks, graph (depth 2),
# quick open, tags, language, find, help, edit with a scripted $EDITOR,
# mouse clicks and the wheel, resize (and too small), quit; the screen
# asserted at each step.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
cp -R "$TESTDATA/vaults/explore" "$tmp/vault" || fail "copy the vault"
V="$tmp/vault"

# The scripted editor appends a line to the note it is given.
cat > "$tmp/editor" <<'ED'
#!/bin/sh
printf '\nAppended by the scripted editor.\n' >> "$1"
ED
chmod +x "$tmp/editor"
export VISUAL="$tmp/editor"
export LC_ALL=C.UTF-8

"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
# The search view: the hub and the recent notes, then results as typed.
wait-for "Search ›" 20000
expect "Start here, and the notes updated most recently"
expect-row 3 "Start here"
keys alph
wait-for "Search › alph"
expect "concept · #greek #letters · en"
expect-row -1 "1/"
# Open the first result.
keys \r
wait-for "first letter of the Greek alphabet"
expect "[en] es"
# Tab selects the first link, Enter follows it; back and forward.
keys \t
wait-for "link 1/2"
keys \r
wait-for "Beta comes after"
keys \x7f
wait-for "first letter of the Greek alphabet"
keys l
wait-for "Beta comes after"
keys \e[1;3D
wait-for "first letter of the Greek alphabet"
keys \e[1;3C
wait-for "Beta comes after"
# Backlinks of beta; Enter goes to the linking note.
keys b
wait-for "Backlinks of Beta"
# sources in the note's language first (beta is English)
expect "▌Alpha  alpha.md:"
keys j
wait-for "▌Start here  start-here.md:"
keys k
wait-for "▌Alpha  alpha.md:"
keys \r
wait-for "first letter of the Greek alphabet"
# The graph: alpha in a box, beta both ways, the whole-graph summary.
keys v
wait-for "Graph of Alpha"
expect "◀─▶ Beta"
expect "Start here ──▶"
expect "Whole graph: 8 notes"
expect "1 orphan"
keys d
wait-for "depth 2"
keys d
wait-for "depth 1"
# Recentre on a neighbour, then back.
keys \eOC\r
wait-for "Graph of Beta"
keys h
wait-for "Graph of Alpha"
# Quick open: fuzzy over titles, aliases and slugs.
keys \x10
wait-for "╭─ Open"
keys frstlt
wait-for "alias First letter"
keys \x15lngnt
wait-for "Long note"
keys \r
wait-for "Line 1 of the long note."
# Find in the note, n repeats.
keys /needle\r
wait-for "Line 30 holds the needle word."
keys n
wait-for "Line 80 holds the needle word."
# A heading link, then an unresolved one.
keys \x10start here\r
wait-for "The fixture vault for the explorer tests"
keys \t\t\t\r
wait-for "The details section of beta"
keys \x7f
wait-for "The fixture vault for the explorer tests"
keys \t\r
wait-for "No note 'Missing Note'. Create it as missing-note.md? (y/n)"
keys \e
wait-for "cancelled"
# Language: alpha has a Spanish translation.
keys \x10alpha\r
wait-for "first letter of the Greek alphabet"
keys L
wait-for "Alfa es la primera letra"
expect "en [es]"
keys L
wait-for "first letter of the Greek alphabet"
# Tags: counts, then a tag's notes, then a note.
keys t
wait-for "Enter lists a tag's notes"
expect "#letters"
expect "█"
keys \r
wait-for "Notes tagged #letters"
# alpha, its translation, beta, gamma: as search tag:letters lists them
expect "4 notes"
keys \r
wait-for "first letter of the Greek alphabet"
# Help: generated from the key table.
keys ?
wait-for "Everywhere"
expect "quick open: jump to a note by title, alias or slug"
keys q
wait-for "first letter of the Greek alphabet"
# Edit with the scripted editor: on return the note is re-indexed.
keys \x10gamma\r
wait-for "Gamma links back to"
keys e
wait-for "Appended by the scripted editor."
expect "edit: re-indexed 1 note"
# Mouse: a click selects a result, a second opens it; the wheel scrolls.
keys s\x15beta
wait-for "Search › beta"
# (beta's results, not the last query's still on screen: the click
# lands on the row Beta is on)
wait-for "4 results"
wait-for "Beta Beta comes after"
keys \e[<0;10;4M\e[<0;10;4m
keys \e[<0;10;4M\e[<0;10;4m
wait-for "Beta comes after"
keys \e[<65;10;10M\e[<65;10;10M
wait-gone "Beta comes after"
keys \e[<64;10;10M\e[<64;10;10M
wait-for "Beta comes after"
# Resize: reflow, and too small says so.
resize 10 30
wait-for "terminal too small"
expect "30x10: need 40x10"
resize 30 100
wait-for "Beta comes after"
expect-row -1 "/"
resize 24 80
wait-for "Beta comes after"
keys q
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "the explorer script failed"; }
grep -q "Appended by the scripted editor" "$V/notes/gamma.md" ||
	fail "the editor did not run on notes/gamma.md"
pass
