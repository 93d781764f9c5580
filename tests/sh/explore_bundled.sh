#!/bin/sh
# explore_bundled.sh: `stratus` with no command opens the explorer on the
# bundled notes (content/), run for real in a pseudo-terminal (ptyrun):
# search, open, follow a link, back, backlinks, graph, quick open, tags,
# help, a language switch, resize and quit, the screen asserted at each
# step; plus the command-line side: --help, bad options, no terminal.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
unset STRATUS_VAULT

# The command line.
"$STRATUS" explore --help | grep -q '^usage: stratus explore' ||
	fail "explore --help has no usage line"
"$STRATUS" --help | grep -q '^  explore ' || fail "--help lists no explore"
expect_status 2 "$STRATUS" explore --bogus
err=$("$STRATUS" --vault "$SRCDIR/content" explore </dev/null 2>&1 >/dev/null)
[ $? -eq 3 ] || fail "explore without a terminal is not status 3"
printf '%s' "$err" | grep -q 'needs a terminal' ||
	fail "explore without a terminal said: $err"

# No command at all: the explorer on the bundled notes.
"$PTYRUN" -s 30x100 -- "$STRATUS" > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
expect "Start here"
keys lambda
wait-for "AWS Lambda"
keys \r
wait-for "Lambda is the compute at the centre of"
expect "concept · evergreen · #aws"
expect "[en] es"
# Follow the first link ([[serverless]]) and come back.
keys \t\r
wait-for "Serverless"
wait-gone "Lambda is the compute at the centre of"
keys h
wait-for "Lambda is the compute at the centre of"
# Backlinks and the graph of AWS Lambda.
keys b
wait-for "Backlinks of AWS Lambda"
expect "links from"
keys \e
wait-for "Lambda is the compute at the centre of"
keys v
wait-for "Graph of AWS Lambda"
expect "╭"
expect "──▶"
expect "Whole graph:"
keys h
# The Spanish translation.
keys L
wait-for "[es]"
keys L
wait-for "[en] es"
# Quick open: fuzzy.
keys \x10cldstrt
wait-for "▌Cold starts"
keys \r
wait-for "Cold starts  concept"
wait-gone "╭─ Open"
expect "[en] es"
# Tags.
keys t
wait-for "#aws"
expect "#serverless"
keys \r
wait-for "Notes tagged #aws"
# Help.
keys ?
wait-for "Everywhere"
keys q
wait-for "Notes tagged #aws"
resize 20 60
wait-for "Notes tagged #aws"
resize 8 60
wait-for "terminal too small"
resize 30 100
wait-for "Notes tagged #aws"
keys q
exit 0
PTY
[ $? -eq 0 ] || { cat "$tmp/out"; fail "the explorer on the bundled notes"; }
pass
