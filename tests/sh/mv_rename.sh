#!/bin/sh
# mv_rename.sh: `stratus mv` on a vault with every link kind (wikilinks
# with headings, blocks, labels and folders, embeds, Markdown links with
# anchors, <...> and percent-encoding, concepts: lists, a translation, a
# code span and a fence that must stay), --dry-run, all-or-nothing, and a
# kill at every step of the commit.
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fresh() { rm -rf "$T/v"; cp -r "$TESTDATA/mv-vault" "$T/v"; }
S() { "$STRATUS" --vault "$T/v" "$@"; }
tree_sum() { (cd "$T/v" && find . -path ./.stratus -prune -o -type f -print | LC_ALL=C sort | xargs -d '\n' cksum); }

"$STRATUS" mv --help | grep -q '^usage: stratus mv' || fail "mv --help"

# The expected result, checked line by line.
fresh
S check >/dev/null || fail "the fixture has problems before mv"
nback=$(S backlinks --json event-sourcing | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
before=$(tree_sum)
out=$(S mv --dry-run event-sourcing 'Event log') || fail "dry run failed"
[ "$before" = "$(tree_sum)" ] || fail "--dry-run wrote"
printf '%s\n' "$out" | grep -qx 'rename concepts/event-sourcing.md -> concepts/Event log.md' || fail "dry: rename line: $out"
printf '%s\n' "$out" | grep -qx '+Uses \[event sourcing\](../concepts/Event%20log.md#replay) and' || fail "dry: diff: $out"
printf '%s\n' "$out" | grep -qx -- '-  - event-sourcing' || fail "dry: concepts diff"

S mv event-sourcing 'Event log' >/dev/null || fail "mv failed"
V="$T/v"
[ -f "$V/concepts/Event log.md" ] && [ -f "$V/concepts/Event log.es.md" ] || fail "files not renamed"
[ ! -e "$V/concepts/event-sourcing.md" ] && [ ! -e "$V/concepts/event-sourcing.es.md" ] || fail "old files left"
[ ! -e "$V/.stratus/mv.journal" ] && [ ! -e "$V/.stratus/mv-stage" ] || fail "journal left"
want() { grep -qxF -- "$2" "$V/$1" || fail "$1 lacks: $2
$(cat "$V/$1")"; }
want concepts/cqrs.md '  - event-log'
want concepts/cqrs.md 'Commands and queries split; pairs well with [[Event log]].'
want concepts/cqrs.md 'The write side appends events ([[Event log#^replay-rule|rule]]).'
want concepts/cqrs.md 'Embedded: ![[Event log#Replay]]'
want concepts/cqrs.md 'In code, `[[event-sourcing]]` is not a link.'
want projects/ledger.md 'Uses [event sourcing](../concepts/Event%20log.md#replay) and'
want projects/ledger.md '[the pattern](<../concepts/Event log.md>), plus [[concepts/Event log|ES]].'
want projects/ledger.md 'Also by title: [[Event sourcing]].'
want projects/ledger.md '[[event-sourcing]] in a fence stays'
want daily/2026-11-30.md '- read about [[Event Sourcing]] and [[cqrs]]'
want "concepts/Event log.es.md" 'Cada cambio es un evento. Ver [[Event log#Replay]] en inglés.'
want "concepts/Event log.md" 'See [[#Replay]] below and [[cqrs|its read side]].'
S check >/dev/null || fail "problems after mv: $(S check)"
n=$(S backlinks --json 'Event log' | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$n" = "$nback" ] || fail "backlinks $nback before, $n after"
expected=$(tree_sum)
# And back again: the vault is as it was.
S mv 'Event log' event-sourcing >/dev/null || fail "mv back"
S check >/dev/null || fail "problems after mv back"

# Errors: a name taken, a path, an unknown note. Nothing written.
fresh
before=$(tree_sum)
expect_status 1 S mv event-sourcing cqrs
expect_status 2 S mv event-sourcing sub/x
expect_status 2 S mv event-sourcing .hidden
expect_status 2 S mv event-sourcing
expect_status 1 S mv no-such-note x
[ "$before" = "$(tree_sum)" ] || fail "a failed mv wrote"
# Staging impossible (.stratus is a file): nothing renamed or rewritten.
rm -rf "$V/.stratus"; : >"$V/.stratus"
expect_status 3 S mv event-sourcing 'Event log'
[ "$before" = "$(tree_sum)" ] || fail "mv wrote although it could not stage"
rm -f "$V/.stratus"

# Killed at each step (4 files staged, journal, 4 moves, 2 removals):
# the next command leaves the vault either untouched or fully renamed,
# renamed once the journal was written.
k=0
while [ $k -le 12 ]; do
	fresh
	STRATUS_TEST_MV_KILL_AFTER=$k "$STRATUS" --vault "$V" mv event-sourcing 'Event log' >/dev/null 2>&1
	st=$?
	S check >/dev/null 2>&1 || fail "kill after $k: problems: $(S check 2>&1)"
	now=$(tree_sum)
	if [ "$now" = "$expected" ]; then
		:
	elif [ "$now" = "$before" ]; then
		[ $k -lt 4 ] || fail "kill after $k: rename undone after its commit"
	else
		fail "kill after $k (status $st): half-renamed vault"
	fi
	[ ! -e "$V/.stratus/mv.journal" ] && [ ! -e "$V/.stratus/mv-stage" ] ||
		fail "kill after $k: journal or staging left"
	k=$((k + 1))
done
pass
