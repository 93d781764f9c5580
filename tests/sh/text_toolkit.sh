#!/bin/sh
# text_toolkit.sh: regressions of the one text toolkit in src/core (issue
# 15): the index decodes every HTML5 entity the renderer shows, and names
# fold with the full Unicode case table, on a small vault written the way
# people write notes (frontmatter titles, wikilinks, entities in prose).
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/cafes" "$T/cs"
cat >"$T/cafes/paris.md" <<'MD'
---
title: Coffee in Paris
tags: [travel]
---
# Coffee in Paris

The Caf&eacute; de Flore opened in 1887; its cr&egrave;me br&ucirc;l&eacute;e
is &frac12; the price on weekdays &mdash; see [[Điện toán]] for the
receipts app.
MD
cat >"$T/cs/dien-toan.md" <<'MD'
---
title: Điện toán
aliases: [Computing]
---
# Điện toán

Notes on computing, linked from [[ĐIỆN TOÁN]] and [[điện toán]] alike,
and back to [[cafes/paris|Paris]].
MD
cat >"$T/index.md" <<'MD'
# Index

- [[ĐIỆN TOÁN]] (Vietnamese capitals: U+0110, U+1EC6, U+00C1)
- [[Coffee in Paris]]
MD

# "Caf&eacute;" is indexed as "Café": search finds it, with and without
# the accent, and the other named entities (&egrave;, &ucirc;) too.
for q in café cafe crème brûlée; do
	out=$("$STRATUS" --vault "$T" search --json "$q") ||
		fail "search $q finds nothing (entity not decoded in the index)"
	case "$out" in *cafes/paris.md*) ;; *) fail "search $q: $out" ;; esac
done

# "[[ĐIỆN TOÁN]]" resolves to the note titled "Điện toán": check calls
# no link broken, and links lists the target.
out=$("$STRATUS" --vault "$T" check 2>&1) ||
	fail "check reports problems: $out"
out=$("$STRATUS" --vault "$T" links index.md) || fail "links index.md"
case "$out" in *cs/dien-toan.md*) ;; *) fail "links index.md: $out" ;; esac
pass
