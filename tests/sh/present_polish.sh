#!/bin/sh
# present_polish.sh: the presenter's small courtesies (issue 11, "Presenter
# polish"), in a pseudo-terminal: q closes the help, the overview and the
# blank screen rather than the talk; the help fits 80x24; a search with no
# match, a jump past the end and a step past the last slide say so in the
# footer; the overview cuts long titles with "…"; a step on a slide taller
# than the screen scrolls to what it reveals.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -m 700 "$t/run"
export XDG_RUNTIME_DIR="$t/run"
{
	printf -- '---\ntitle: Polish\nlayout: default\n---\n\n# Short first\n\nHello\n\n'
	printf -- '---\n\n# A tall slide\n\n'
	i=1
	while [ $i -le 30 ]; do echo "- always row $i"; i=$((i + 1)); done
	printf '\n<v-click>\n\nRevealed at the bottom\n\n</v-click>\n\n'
	printf -- '---\n\n# A slide title far too long to fit in one overview cell of the grid\n\nEnd\n'
} >"$t/deck.md"
cat >"$t/script" <<'PTY'
wait-for " 1/3"
# the help fits 80 columns: its longest rows are whole
keys ?
wait-for "this help"
expect "close a screen, forget a number, unmark"
expect "quit; on help, overview, blank: close it"
# q closes the help, not the talk
keys q
wait-gone "this help"
wait-for " 1/3"
# ...and the overview; a long title is cut with "…"
keys o
wait-for "Overview"
expect "…"
keys q
wait-gone "Overview"
wait-for " 1/3"
# ...and the blank screen
keys b
wait-gone "/3"
keys q
wait-for " 1/3"
# no match, and a jump past the end, say so in the footer
keys /zzzz\r
wait-for "no match in any slide"
expect-row -1 "/zzzz: no match in any slide"
keys 9\r
wait-for "no slide 9"
expect-row -1 "no slide 9: the talk has 1-3"
# a step on a tall slide scrolls to what it reveals
keys 2\r
wait-for " 2/3"
expect "always row 1"
expect-not "Revealed at the bottom"
keys " "
wait-for "▲ more"
expect-not "Revealed at the bottom"
# scrolled to the bottom, Space is the step: its line comes into view
keys " "
wait-for "Revealed at the bottom"
expect-row -1 " 2/3"
# past the last step of the last slide: said, and the talk goes on
keys G
wait-for " 3/3"
keys " "
wait-for "end of the talk"
expect-row -1 "end of the talk"
expect-row -1 " 3/3"
keys q
exit 0
PTY
"$PTYRUN" -s 24x80 -f "$t/script" -- "$STRATUS" present "$t/deck.md" ||
	exit 1
# the deck's folder is watched (tui/watch.h): saving a file the deck
# imports reloads it too
mkdir "$t/talk" "$t/talk/pages"
printf -- '---\ntitle: Watched\nlayout: default\n---\n\n# Main\n\n---\nsrc: ./pages/part.md\n---\n' >"$t/talk/deck.md"
printf '# Part\n\nFirst words\n' >"$t/talk/pages/part.md"
cat >"$t/script2" <<PTY
wait-for " 1/2"
keys " "
wait-for "First words"
run sh -c 'printf "# Part\\n\\nSecond words\\n" >"$t/talk/pages/part.md"'
wait-for "Second words"
expect-row -1 " 2/2"
keys q
exit 0
PTY
"$PTYRUN" -s 24x80 -f "$t/script2" -- "$STRATUS" present "$t/talk/deck.md"
