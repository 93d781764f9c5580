#!/bin/sh
# vault_obsidian.sh: a vault shaped like a real Obsidian vault (nested
# folders with the same file names, translations, attachments, a slides/
# folder): every file is its own note, names resolve as Obsidian does, NOTE
# arguments take vault paths and an ambiguous name lists its candidates.
set -u
. "$SRCDIR/tests/lib.sh"

V="$SRCDIR/tests/data/vaults/obsidian"
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
st() { "$STRATUS" --vault "$V" "$@"; }

# Two route.md in two folders are two notes; translations stay one.
st graph --format json | python3 -c '
import json, sys
g = json.load(sys.stdin)
keys = sorted(n["key"] for n in g["nodes"])
assert "pages/osx/route" in keys and "pages/linux/route" in keys, keys
assert "Projects/Atlas/readme" in keys and "Projects/Orion/readme" in keys, keys
assert keys.count("Glossary/serverless") == 1, keys
assert "slides/kickoff" not in keys, keys
assert len(keys) == 13, (len(keys), keys)
' || fail "graph: one node per file (translations grouped, no deck)"

# A NOTE argument: a vault path with or without extension.
st show osx/route | grep -q "macOS" || fail "show osx/route"
st show pages/linux/route.md | grep -q "Linux" || fail "show pages/linux/route.md"
st show pages/linux/route | grep -q "Linux" || fail "show pages/linux/route"
# An ambiguous name lists the candidates, status 1.
out=$(st show route 2>&1)
[ $? -eq 1 ] || fail "show route: want status 1"
printf '%s\n' "$out" | grep -q "pages/osx/route.md" &&
	printf '%s\n' "$out" | grep -q "pages/linux/route.md" &&
	printf '%s\n' "$out" | grep -q 'names 2 notes' ||
	fail "show route: candidates not listed: $out"
expect_status 1 "$STRATUS" --vault "$V" backlinks README
# Translations are one note: no candidates.
st show serverless | grep -q "Serverless" || fail "show serverless"

# Backlinks of each route are its own.
st backlinks osx/route | grep -q "pages/osx/ifconfig.md" ||
	fail "backlinks osx/route: ifconfig (same folder)"
st backlinks osx/route | grep -q "pages/linux/ip.md" &&
	fail "backlinks osx/route lists the Linux ip page"
st backlinks linux/route | grep -q "pages/linux/ip.md" ||
	fail "backlinks linux/route: ip (same folder)"

# Backlinks of a Spanish note: Spanish sources first.
first=$(st backlinks Glossary/serverless.es.md | head -1)
case "$first" in Glossary/lambda.es.md:*) ;; *)
	fail "backlinks of the Spanish note start with: $first" ;; esac
# [[serverless]] in serverless.es.md is the English note, not itself.
st links Glossary/serverless.es.md | grep -q "Glossary/serverless.md" ||
	fail "[[serverless]] from serverless.es.md is not the English note"

# check: only the true tie is ambiguous (same folder and shortest path
# decide the rest).
out=$(st check 2>/dev/null)
printf '%s\n' "$out" | grep -q "Home.md:10: ambiguous-link: link \[\[README\]\]" ||
	fail "check: [[README]] is a true tie: $out"
printf '%s\n' "$out" | grep "ambiguous" | grep -q route &&
	fail "check: [[route]] is not a true tie: $out"

# File names are searchable: nextjs.md says "Next.js", never "nextjs".
st search nextjs | grep -q '^Next.js  (pages/common/nextjs.md)' ||
	fail "search nextjs: the file name is not searchable"
# path: keeps the notes under a folder (at any depth), -path: drops them.
out=$(st search 'route path:linux/')
printf '%s\n' "$out" | grep -q 'pages/linux/route.md' ||
	fail "search route path:linux/: $out"
printf '%s\n' "$out" | grep -q '(pages/osx/' && fail "search path:linux/ lists osx: $out"
out=$(st search 'route -path:pages/linux')
printf '%s\n' "$out" | grep -q 'pages/osx/route.md' ||
	fail "search route -path:pages/linux: $out"
printf '%s\n' "$out" | grep -q '(pages/linux/' && fail "-path:pages/linux lists linux: $out"
# a folder name matches at a '/' boundary only: "inux/" is no folder
st search 'route path:inux/' >/dev/null && fail "path:inux/ matched"

# present with no deck lists the vault's decks (not the bundled talk).
out=$(st present) || fail "present with no deck: status $?"
printf '%s\n' "$out" | grep -q '^  slides/kickoff.md  Atlas kickoff$' ||
	fail "present lists no deck: $out"

# check: attachments that do not exist ([[x]] is found anywhere by name,
# a path beside the note or from the root); present ones are not reported.
out=$(st check 2>/dev/null)
printf '%s\n' "$out" | grep -q 'README.md:6: broken-link: attachment "clip.mp4" is missing' ||
	fail "check: the missing ![[clip.mp4]]: $out"
printf '%s\n' "$out" | grep -q 'README.md:7: broken-link: attachment "img/architecture.png" is missing' ||
	fail "check: the missing ![](img/architecture.png): $out"
printf '%s\n' "$out" | grep -q 'diagram.png' &&
	fail "check: diagram.png exists (in attachments/): $out"
n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 4 ] || fail "check: want 4 problems, got $n: $out"
pass
