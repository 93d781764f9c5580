#!/bin/sh
# present_pty.sh: a presentation in a pseudo-terminal (tests/pty/ptyrun):
# steps, slides, a number jump, the overview, search, blanking, help, a
# resize, a reload after the deck is rewritten on disk (position kept),
# and quitting. The deck is a copy of slides/features.md.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -m 700 "$t/run"
export XDG_RUNTIME_DIR="$t/run"
cp "$SRCDIR/slides/features.md" "$t/deck.md"
cat >"$t/script" <<PTY
wait-for " 1/12"
expect "Every deck syntax the presenter reads"
expect "▀"
# Space: the next slide (the cover has one step), then its steps
keys " "
wait-for " 2/12"
expect "Slides and steps"
expect-not "reveals one list item"
keys " "
wait-for "reveals one list item per step"
expect-not "nested items get their own step"
keys \eOC
wait-for "nested items get their own step"
keys \eOD
wait-gone "nested items get their own step"
# Down skips the remaining steps
keys \eOB
wait-for " 3/12"
expect "Two columns"
# a number then Enter jumps
keys 9\r
wait-for " 9/12"
expect "Code line highlights"
keys " "
wait-for "▌    return 0;"
# the overview: a grid of numbered titles; Down moves a row, Enter opens
keys o
wait-for "Overview"
expect "12 Thanks"
expect "9 Code line highlights"
keys \eOB\r
wait-for " 11/12"
expect "Presenterm commands"
# search
keys /kent beck\r
wait-for "/kent beck: slide 6"
expect-row -1 "/kent beck: slide 6"
expect-row -1 " 6/12"
expect "Make it work, make it right"
# resize: the frame is composed again for the new size
resize 30 100
wait-for " 6/12"
expect-row -1 " 6/12"
expect-row -1 "What stratus present understands"
# rewrite the deck on disk: it reloads in place
run sed -i 's/Kent Beck/Grace Hopper/' "$t/deck.md"
wait-for "Grace Hopper"
expect-row -1 "reloaded deck.md"
expect-row -1 " 6/12"
expect "Make it work, make it right"
run printf '%s\n' '---' 'title: Rewritten' 'layout: default' '---' '' '# Only slide' '' 'text' >"$t/deck.md"
wait-for "Only slide"
keys t
wait-for " 1/1"
run cp "$SRCDIR/slides/features.md" "$t/deck.md"
wait-for "What stratus present understands"
# blank, help, first and last
keys b
wait-gone "/12"
keys b
wait-for "/12"
keys ?
wait-for "next slide, skipping steps"
expect "Space, Right, l, j, PgDn"
keys x
wait-gone "skipping steps"
keys G
wait-for " 12/12"
keys g
wait-for " 1/12"
# a slide taller than the screen scrolls within itself
run sh -c 'printf "%s\\n" "# Tall" "" >"$t/deck.md"; i=1; while [ \$i -le 60 ]; do echo "- row \$i" >>"$t/deck.md"; i=\$((i + 1)); done'
wait-for "row 1"
expect "▼ more"
expect-not "row 40"
keys " "
wait-for "row 40"
expect "▲ more"
keys k
wait-for "row 1"
expect-not "▲ more"
raw-check-no "<!--"
raw-check-no "</v-click>"
keys q
exit 0
PTY
"$PTYRUN" -s 24x80 -f "$t/script" -- "$STRATUS" present "$t/deck.md"
