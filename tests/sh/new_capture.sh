#!/bin/sh
# new_capture.sh: `stratus new` (shipped and vault templates, --dir,
# --daily, the editor, never overwriting) and `stratus capture` (the inbox
# made when missing, stdin, captures at the same time all kept).
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
V="$T/vault"
mkdir -p "$V/templates" "$XDG_CONFIG_HOME/stratus"
: >"$XDG_CONFIG_HOME/stratus/config"
S() { "$STRATUS" --vault "$V" "$@"; }

# A vault template the way Obsidian users write one.
cat >"$V/templates/meeting.md" <<'TPL'
---
title: {{title}}
type: note
date: {{date:YYYY-MM-DD}}
attendees: []
tags: [meeting]
---

# {{title}} ({{date:DD/MM/YYYY}} {{time}})

## Agenda

## Decisions
TPL

for c in new capture; do
	S "$c" --help | grep -q "^usage: stratus $c" || fail "$c --help"
done

# Shipped concept template, a title YAML would misread, into a folder.
out=$(S new --no-edit --type concept --dir concepts 'CQRS: "read" & write') ||
	fail "new concept failed"
[ "$out" = "$(cd "$V" && pwd -P)/concepts/cqrs-read-write.md" ] ||
	fail "new printed $out"
grep -qx 'title: "CQRS: \\"read\\" & write"' "$out" || fail "title not quoted: $(cat "$out")"
grep -qx 'type: concept' "$out" || fail "no type"
grep -qx '## Why it matters' "$out" || fail "not the concept template"
# The index reads it back with the title as typed.
S index >/dev/null || fail "index"
S show cqrs-read-write | grep -q 'CQRS: "read" & write' || fail "title read back"

# Never overwrites: status 1, the file unchanged.
sum=$(cksum <"$out")
expect_status 1 S new --no-edit --type concept --dir concepts 'CQRS: "read" & write'
[ "$sum" = "$(cksum <"$out")" ] || fail "overwrote the note"

# The vault's own template, its placeholders filled.
out=$(S new --no-edit --type meeting 'Weekly sync') || fail "new meeting"
today=$(date +%F)
grep -qx "date: \"$today\"" "$out" || fail "date: $(cat "$out")"
grep -q "^# Weekly sync ($(date +%d/%m/%Y) [0-2][0-9]:[0-5][0-9])" "$out" ||
	fail "heading: $(cat "$out")"

# Usage errors: outside the vault, unknown type, no title, empty slug.
expect_status 2 S new --no-edit --dir ../escape x
expect_status 2 S new --no-edit --dir /tmp x
expect_status 2 S new --no-edit --type ../../etc/passwd x
expect_status 2 S new --no-edit --type nosuch x
expect_status 2 S new --no-edit
expect_status 0 S new --no-edit '!!!'
[ -f "$V/untitled.md" ] || fail "a title of punctuation is not untitled.md"
out=$(S new --no-edit 'Función Lambda') || fail "accented title"
[ "${out##*/}" = "función-lambda.md" ] || fail "accented slug $out"
expect_status 2 S new --daily 'a title'
[ ! -e "$T/escape" ] || fail "wrote outside the vault"

# The editor gets the path (VISUAL before EDITOR; arguments allowed).
out=$(EDITOR="printf 'edit<%s>\n'" S new 'Edited note') || fail "new + editor"
printf '%s\n' "$out" | grep -q '^edit<.*/edited-note.md>$' || fail "editor: $out"
expect_status 3 env VISUAL=false "$STRATUS" --vault "$V" new 'Editor fails'
[ -f "$V/editor-fails.md" ] || fail "note lost when the editor failed"

# --daily: the config's folder and template; a second run opens it.
printf '[notes]\ndaily_folder = journal/days\ndaily_template = meeting\n' \
	>"$XDG_CONFIG_HOME/stratus/config"
out=$(S new --daily --no-edit) || fail "new --daily"
[ "$out" = "$(cd "$V" && pwd -P)/journal/days/$today.md" ] || fail "daily at $out"
grep -q '^## Agenda' "$out" || fail "daily template not used"
echo "my line" >>"$out"
out2=$(S new --daily --no-edit) || fail "second --daily"
[ "$out2" = "$out" ] || fail "second daily $out2"
grep -qx 'my line' "$out" || fail "daily overwritten"
printf '[notes]\ndaily_folder = ../out\n' >"$XDG_CONFIG_HOME/stratus/config"
expect_status 2 S new --daily --no-edit
: >"$XDG_CONFIG_HOME/stratus/config"
out=$(S new --daily --no-edit) || fail "default daily"
[ -f "$V/daily/$today.md" ] || fail "no daily/$today.md"
grep -q '^## Tasks' "$V/daily/$today.md" || fail "shipped daily template"

# capture: the inbox is made, each capture one dated list item.
out=$(S capture read the Dynamo paper) || fail "capture"
[ "$out" = "$(cd "$V" && pwd -P)/inbox.md" ] || fail "capture printed $out"
grep -q '^title: Inbox' "$V/inbox.md" || fail "inbox template"
grep -q "^- $today [0-2][0-9]:[0-5][0-9] read the Dynamo paper\$" "$V/inbox.md" ||
	fail "capture line: $(cat "$V/inbox.md")"
printf 'first\nsecond\r\n' | S capture - >/dev/null || fail "capture -"
grep -q "^- $today .* first\$" "$V/inbox.md" || fail "stdin first line"
grep -qx '  second' "$V/inbox.md" || fail "stdin second line indented"
expect_status 2 S capture
expect_status 2 S capture '   '
# An inbox without a final newline gets one before the entry.
printf '[notes]\ninbox = Inbox/quick.md\n' >"$XDG_CONFIG_HOME/stratus/config"
mkdir -p "$V/Inbox"
printf '# Quick' >"$V/Inbox/quick.md"
S capture 'no newline before' >/dev/null || fail "capture to config inbox"
[ "$(sed -n 1p "$V/Inbox/quick.md")" = "# Quick" ] || fail "inbox head"
sed -n 2p "$V/Inbox/quick.md" | grep -q 'no newline before$' || fail "inbox newline"
# Twenty captures at once: every one kept, none torn.
i=0
while [ $i -lt 20 ]; do
	S capture "parallel $i" >/dev/null &
	i=$((i + 1))
done
wait
[ "$(grep -c '^- .* parallel [0-9]*$' "$V/Inbox/quick.md")" -eq 20 ] ||
	fail "lost captures: $(cat "$V/Inbox/quick.md")"
pass
