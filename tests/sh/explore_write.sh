#!/bin/sh
# explore_write.sh: the explorer writing notes, in a pseudo-terminal
# (tests/pty's ptyrun): n makes a note from a template (Tab picks it) and
# opens it in a scripted $EDITOR, then shows it; Enter on a link to a
# note not written yet, from a Spanish note, offers to make it and makes
# the Spanish translation in the linking note's folder (a wikilink's note
# titled by its target, a Markdown link's by its text); R renames a note,
# shows what will change, and rewrites each link to it in its own style.
# Every step is checked on the screen and on disk.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
T=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$T"' EXIT
V="$T/vault"
mkdir -p "$V/concepts" "$V/es" "$V/templates" "$XDG_CONFIG_HOME/stratus"
: >"$XDG_CONFIG_HOME/stratus/config"
cat >"$V/concepts/event-sourcing.md" <<'MD'
---
title: Event sourcing
type: concept
---
# Event sourcing

Every change is an event.

## Replay

Events are replayed to rebuild state.
MD
cat >"$V/concepts/cqrs.md" <<'MD'
---
title: CQRS
concepts: [event-sourcing]
---
# CQRS

Pairs well with [[event-sourcing|the event log]] and
[replaying](event-sourcing.md#replay), not `[[event-sourcing]]`.
MD
cat >"$V/es/arquitectura.es.md" <<'MD'
---
title: Arquitectura
---
# Arquitectura

Ver [[Arranque en frío]] antes de elegir, y [los costes](costes.md).
MD
cat >"$V/templates/meeting.md" <<'MD'
---
title: {{title}}
type: note
tags: [meeting]
---

# {{title}}

## Agenda
MD
# The scripted editor appends a line to the note it is given.
cat >"$T/editor" <<'ED'
#!/bin/sh
printf '\nWritten in the scripted editor.\n' >> "$1"
ED
chmod +x "$T/editor"
export VISUAL="$T/editor"
export LC_ALL=C.UTF-8

"$PTYRUN" -s 24x100 -- "$STRATUS" --vault "$V" explore > "$T/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
# templates/meeting.md is a template, not a note.
expect "Event sourcing"
expect-not "{{title}}"
# n on the results: a title, Tab through the templates (the vault's own
# meeting among them), Enter; the editor runs, then the note shows.
keys \t
wait-for "Tab query"
keys n
wait-for "New note, title:"
expect "Tab template: note"
keys Weekly sync
keys \t\t\t\t
wait-for "Tab template: meeting"
keys \r
wait-for "Written in the scripted editor."
expect "Weekly sync"
expect "#meeting"
expect "re-indexed 1 note"
# In a note nothing was found in, n is a new note too; Esc cancels.
keys n
wait-for "New note, title:"
keys \e
wait-for "cancelled"
# Enter on an unresolved link of a Spanish note: make it, beside it.
keys \x10arquitectura\r
wait-for "antes de elegir"
keys \t\r
wait-for "No note 'Arranque en frío'. Create it as es/arranque-en-frío.es.md? (y/n)"
expect-row -1 "y yes"
keys y
wait-for "Written in the scripted editor."
expect "Arranque en frío"
# Back in the linking note the link now leads there.
keys \x7f
wait-for "link 1/2"
keys \r
wait-for "Written in the scripted editor."
# A Markdown link names the file; its text is the title.
keys \x7f
wait-for "link 1/2"
keys \t
wait-for "link 2/2"
keys \r
wait-for "No note 'costes.md'. Create it as es/costes.es.md? (y/n)"
keys y
wait-for "Written in the scripted editor."
expect "los costes"
# R: the name prefilled, a new one typed, what changes shown, applied.
keys \x10event sourcing\r
wait-for "Every change is an event."
keys R
wait-for "Rename concepts/event-sourcing.md to: event-sourcing"
keys \x15event-log\r
wait-for "Rename to event-log.md: 2 files, 3 links: Enter to apply, Esc to cancel"
keys \r
wait-for "renamed concepts/event-sourcing.md to concepts/event-log.md; 3 links rewritten in 2 files"
expect "Every change is an event."
keys b
wait-for "Backlinks of Event sourcing"
expect "concepts/cqrs.md"
keys q
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$T/out"; fail "the explorer script failed"; }

"$STRATUS" --vault "$V" search --json Agenda | grep -q 'templates/' &&
	fail "templates/meeting.md was indexed as a note"
# n: the note exactly as `stratus new --type meeting` makes it.
f="$V/weekly-sync.md"
[ -f "$f" ] || fail "n made no weekly-sync.md: $(ls "$V")"
grep -qx 'title: Weekly sync' "$f" || fail "n: title: $(cat "$f")"
grep -qx 'tags: \[meeting\]' "$f" || fail "n: not the vault template: $(cat "$f")"
grep -qx 'Written in the scripted editor.' "$f" || fail "n: the editor did not run"
# The note a Spanish link asked for: a Spanish note in es/, by its title.
f="$V/es/arranque-en-frío.es.md"
[ -f "$f" ] || fail "no es/arranque-en-frío.es.md: $(ls -R "$V")"
grep -qx 'title: Arranque en frío' "$f" || fail "link note title: $(cat "$f")"
grep -qx 'title: los costes' "$V/es/costes.es.md" || fail "es/costes.es.md: $(cat "$V/es/costes.es.md")"
out=$("$STRATUS" --vault "$V" links es/arquitectura.es.md)
printf '%s\n' "$out" | grep -q '(es/arranque-en-frío.es.md)' &&
	printf '%s\n' "$out" | grep -q '(es/costes.es.md)' ||
	fail "the links do not resolve to the new notes: $out"
# R: the file renamed, each link rewritten in its style, the code kept.
[ -f "$V/concepts/event-log.md" ] && [ ! -e "$V/concepts/event-sourcing.md" ] ||
	fail "R did not rename: $(ls "$V/concepts")"
grep -qxF 'concepts: [event-log]' "$V/concepts/cqrs.md" || fail "R: concepts: $(cat "$V/concepts/cqrs.md")"
grep -qxF 'Pairs well with [[event-log|the event log]] and' "$V/concepts/cqrs.md" ||
	fail "R: wikilink: $(cat "$V/concepts/cqrs.md")"
grep -qxF '[replaying](event-log.md#replay), not `[[event-sourcing]]`.' "$V/concepts/cqrs.md" ||
	fail "R: Markdown link: $(cat "$V/concepts/cqrs.md")"
[ ! -e "$V/.stratus/mv.journal" ] || fail "R left its journal"
out=$("$STRATUS" --vault "$V" links concepts/cqrs.md)
[ "$(printf '%s\n' "$out" | grep -c '(concepts/event-log.md)')" -eq 3 ] ||
	fail "R: the links do not all lead to the renamed note: $out"
pass
