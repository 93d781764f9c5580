#!/bin/sh
# vault_anchors.sh: a documentation set linked with Markdown links to HTML
# anchors (<a name>, <a id>, any element's id=), same-page links and
# Obsidian heading paths ([[Note#H1#H2]]): check reports only the links
# that really lead nowhere, and names same-page links by their anchor.
set -u
. "$SRCDIR/tests/lib.sh"

XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT

V="$SRCDIR/tests/data/vaults/docset"
out=$("$STRATUS" --vault "$V" check 2>/dev/null)
[ $? -eq 1 ] || fail "check on the docs set: want status 1"
n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 3 ] || fail "check on the docs set: want 3 problems, got $n: $out"
printf '%s\n' "$out" | grep -q '^index.md:7: broken-link: .*"no-such-key"' ||
	fail "check: the missing anchor: $out"
printf '%s\n' "$out" | grep -q '^index.md:9: broken-link: link (#missing-here): this page has no' ||
	fail "check: a same-page link is named by its anchor: $out"
printf '%s\n' "$out" | grep -q 'link ()' && fail "check says link (): $out"
# An id= inside a code block is not an anchor.
printf '%s\n' "$out" | grep -q '^reference/config.md:16: .*"in-code"' ||
	fail "check: an id= in a code block counted as an anchor: $out"

V="$SRCDIR/tests/data/vaults/obsidian"
out=$("$STRATUS" --vault "$V" check 2>/dev/null)
printf '%s\n' "$out" | grep -q '^Home.md:12' &&
	fail "check: [[Weekly review#Goals#This week]] is a heading path: $out"
printf '%s\n' "$out" | grep -q '^Daily Notes/2026-11-30.md:4: .*"Goals#Next year"' ||
	fail "check: a heading path to a missing heading: $out"
pass
