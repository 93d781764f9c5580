#!/bin/sh
# present_links.sh: from the talk into the knowledge base and back. On a
# deck whose slide 3 has two wikilinks, the second behind a v-click, Tab
# selects only the links revealed so far; Enter opens the note over the
# slide in the explorer's note view (its own links followed, Backspace
# back to it); q shows slide 3 at step 2 again with the timer run on. The
# presenter view lists the slide's linked notes, resolved or not; an
# unresolved link says so; a Markdown path link resolves from the deck's
# folder. The notes come from the deck's vault, the bundled talk's from
# the bundled notes.
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -m 700 "$T/run"
export XDG_RUNTIME_DIR="$T/run"
cp -r "$TESTDATA/deck-links" "$T/v"
deck="$T/v/slides/talk.md"

# The main window. The timer is restarted (t) just before the note opens;
# the note's corner then shows the talk's clock reach 0:03, and back on
# the slide its footer shows no less.
"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$T/v" present "$deck" <<'PTY' >"$T/main.out" ||
wait-for " 1/4" 20000
keys ]]
wait-for "Step one names" 20000
expect-not "Step two adds"
keys \t
wait-for "link 1/1: Event-driven design" 20000
keys \t
wait-for "link 1/1: Event-driven design"
keys \e
keys " "
wait-for "Step two adds"
keys \t\t
wait-for "link 2/2: Cold starts explained" 20000
keys t
wait-for "timer restarted"
keys \r
wait-for "The first invocation of an idle function" 20000
expect "Cold starts explained"
expect "▶ slide 3/4"
expect-not "Step two adds"
wait-for "▶ slide 3/4 · 0:03" 30000
keys \t\r
wait-for "Producers emit events" 20000
expect "Event-driven design"
keys \x7f
wait-for "The first invocation of an idle function" 20000
keys q
wait-for "Step two adds" 20000
expect "Step one names"
expect-row -1 "3/4"
expect-not " 0:00 "
expect-not " 0:01 "
expect-not " 0:02 "
expect-not "The first invocation"
keys ]
wait-for "Loose ends"
keys \t
wait-for "link 1/2: not-written-yet (no such note)" 20000
keys \r
wait-for "unresolved link: no note “not-written-yet” in v"
keys \t\r
wait-for "A queue absorbs bursts" 20000
keys \x7f
wait-for "Loose ends" 20000
expect " 4/4"
keys q
exit 0 20000
PTY
	fail "main window: $(cat "$T/main.out")"

# The presenter view: the linked notes of the slide at its step.
"$PTYRUN" -s 30x120 -- "$STRATUS" --vault "$T/v" present --presenter "$deck" <<'PTY' >"$T/presenter.out" ||
wait-for "slide 1/4" 20000
expect-not "Linked notes"
keys ]]
wait-for "slide 3/4  step 1/2"
wait-for "Linked notes (1)"
wait-for "→ Event-driven design" 20000
keys " "
wait-for "slide 3/4  step 2/2"
wait-for "Linked notes (2)"
expect "→ Event-driven design"
expect "→ Cold starts explained"
keys ]
wait-for "slide 4/4"
wait-for "✗ not-written-yet (no such note)" 20000
expect "→ Queues between services"
keys q
exit 0 20000
PTY
	fail "presenter view: $(cat "$T/presenter.out")"

# A vault that cannot be indexed: the talk goes on, Enter says why.
"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$T/none" present "$deck" <<'PTY' >"$T/none.out" ||
wait-for " 1/4" 20000
keys ]]
wait-for "Step one names" 20000
keys \t\r
wait-for "“event-driven”: vault not indexed" 20000
keys " "
wait-for "Step two adds"
keys q
exit 0 20000
PTY
	fail "no vault: $(cat "$T/none.out")"

# The bundled talk links the bundled notes, whatever the chosen vault.
"$PTYRUN" -s 30x120 -- "$STRATUS" --vault "$T/v" present --presenter --start 3 <<'PTY' >"$T/talk.out" ||
wait-for "Serverless, defined" 20000
wait-for "→ AWS Lambda" 20000
keys \t\r
wait-for "AWS Lambda" 20000
expect "▶ slide 3/"
keys q
wait-for "PRESENTER"
keys q
exit 0 20000
PTY
	fail "bundled talk: $(cat "$T/talk.out")"
pass
