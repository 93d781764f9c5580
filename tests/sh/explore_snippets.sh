#!/bin/sh
# explore_snippets.sh: a search with more hits than a screen shows every
# hit's snippet, the ones past the first screen too. The explorer's
# searcher publishes the first screen of hits, then the whole list
# without the snippets of the rows below the screen (so that it comes
# sooner), then those snippets: at the bottom of the list each row must
# show the window around its match, not the note's summary.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
V="$tmp/vault"
mkdir -p "$V/notes" || fail "mkdir"
i=10
while [ $i -lt 70 ]; do
	printf -- '---\ntitle: Beacon log %s\nsummary: Plain summary of entry %s.\n---\n\n# Beacon log %s\n\nSome filler words first. The rare word zephyrine shows up in entry %s.\n' \
	    $i $i $i $i > "$V/notes/log-$i.md"
	i=$((i + 1))
done
"$STRATUS" --vault "$V" index > /dev/null 2>&1 || fail "index"

"$PTYRUN" -s 24x100 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
keys zephyrine
wait-for "60 results" 20000
wait-for "zephyrine shows up in entry"
expect-not "Plain summary of entry"
# The bottom of the list: hits 51 to 60, past the first screen of 40.
keys \eOF
wait-for "60/60"
wait-for "zephyrine shows up in entry"
expect-not "Plain summary of entry"
keys \x03
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "snippets past the first screen (ptyrun exited $rc)"; }
pass
