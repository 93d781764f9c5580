#!/bin/sh
# present_note.sh: any note as slides (`present NOTE`, `deck print NOTE`,
# `export --html FILE NOTE`): the title slide, a slide per ## section,
# tables and code kept, a long section split, nothing written in the vault.
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r "$TESTDATA/note-deck" "$T/v"
S() { "$STRATUS" --vault "$T/v" "$@"; }
before=$(cd "$T/v" && find . | LC_ALL=C sort | xargs cksum 2>/dev/null)

out=$(S deck print --width 80 --height 24 'Idempotent handlers') ||
	fail "deck print NOTE failed"
frames=$(printf '%s' "$out" | tr -cd '\f' | wc -c)
# Title, intro, The key, Storing it, A long section (split in two).
[ "$frames" -ge 5 ] || fail "only $((frames + 1)) frames"
printf '%s\n' "$out" | grep -q 'Why a retried event must not charge the card twice' ||
	fail "no summary on the title slide"
printf '%s\n' "$out" | grep -q 'Idempotency-Key' || fail "table lost"
printf '%s\n' "$out" | grep -q 'not a heading: inside the fence' || fail "code lost"
printf '%s\n' "$out" | grep -q 'A long section (cont.)' || fail "long section not split"
printf '%s\n' "$out" | grep -q 'the last words of the long section' || fail "end lost"
printf '%s\n' "$out" | grep -q 'A conditional write is the lock' || fail "text after --- lost"
# The fence's "## not a heading" made no slide of its own.
printf '%s\n' "$out" | awk 'BEGIN{RS="\f"} /not a heading/ && !/Storing it/ {bad=1} END{exit bad}' ||
	fail "a ## inside a fence split the slide"
# By slug and by path too; an unknown name is status 1.
S deck print idempotency >/dev/null || fail "by slug"
S deck print idempotency.md >/dev/null 2>&1 || true
expect_status 1 S deck print no-such-note
S export --html "$T/talk.html" idempotency || fail "export NOTE"
grep -q 'Idempotency-Key' "$T/talk.html" || fail "export lacks the table"
after=$(cd "$T/v" && find . | LC_ALL=C sort | xargs cksum 2>/dev/null)
[ "$before" = "$after" ] || fail "the vault was written"

# Full screen: the title slide, then the next slide.
"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$T/v" present idempotency <<'PTY' >"$T/pty.out" ||
wait-for "must not charge the card twice" 20000
expect "1/7"
keys " "
wait-for "Queues and event sources" 20000
expect "2/7"
keys q
exit 0
PTY
	fail "present NOTE: $(cat "$T/pty.out")"
pass
