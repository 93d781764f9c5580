#!/bin/sh
# present_presenter.sh: the presenter view in one pseudo-terminal follows
# a presentation running in another, and drives it: keys in either move
# both (through the link socket under $XDG_RUNTIME_DIR). It shows the
# notes and the next step. Then a presenter view alone presents by itself.
# The two windows take turns through files ($t/main-at-1 ...: ptyrun's
# `run touch` on one side, `wait-file` on the other), never sleeps, so a
# slow machine only makes the test slower.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -m 700 "$t/run"
export XDG_RUNTIME_DIR="$t/run"
deck="$SRCDIR/slides/features.md"

# the main window: waits to be driven to slide 3, then moves to slide 5
cat >"$t/main" <<PTY
wait-for " 1/12"
run touch "$t/main-at-1"
wait-for " 3/12" 30000
expect "Two columns"
wait-file "$t/presenter-at-3" 30000
keys \\eOB\\eOB
wait-for " 5/12"
wait-for " 6/12" 30000
run touch "$t/main-at-6"
keys q
exit 0
PTY
"$PTYRUN" -s 24x80 -f "$t/main" -- "$STRATUS" present "$deck" >"$t/main.out" 2>&1 &
main=$!

# the presenter view: drives to slide 3, follows to 5, drives to 6
cat >"$t/presenter" <<PTY
wait-for "PRESENTER"
wait-for "slide 1/12"
expect "Notes"
expect "This deck is both the presenter's"
expect "Next slide"
wait-file "$t/main-at-1" 30000
keys ]]
wait-for "slide 3/12  step 1/2"
expect "Next step"
expect "Steps work inside"
run touch "$t/presenter-at-3"
wait-for "slide 5/12" 30000
expect "Centred"
keys " "
wait-for "slide 6/12"
wait-file "$t/main-at-6" 30000
keys q
exit 0
PTY
"$PTYRUN" -s 30x120 -f "$t/presenter" -- "$STRATUS" present --presenter "$deck"
prc=$?
wait $main
mrc=$?
status=0
if [ $prc -ne 0 ]; then echo "FAIL: the presenter view"; status=1; fi
if [ $mrc -ne 0 ]; then echo "FAIL: the main window:"; cat "$t/main.out"; status=1; fi

# no presentation running: the presenter view runs its own
cat >"$t/alone" <<'PTY'
wait-for "slide 1/12"
keys 4\r
wait-for "slide 4/12"
expect "(no notes)"
expect "Centred"
keys q
exit 0
PTY
"$PTYRUN" -s 30x120 -f "$t/alone" -- "$STRATUS" present --presenter "$deck" ||
	{ echo "FAIL: the presenter view alone"; status=1; }
# the socket is private and gone after the last window quit
ls "$t/run/stratus"/*.sock 2>/dev/null && { echo "FAIL: socket left"; status=1; }
[ "$(stat -c %a "$t/run/stratus")" = 700 ] || { echo "FAIL: socket folder not 0700"; status=1; }
exit $status
