#!/bin/sh
# explore_pictures.sh: pictures in notes in the explorer (issue 11).
# An Obsidian-shaped note in a sub-folder names pictures beside it three
# ways (![alt](file), ![[file]], <img src>): with --images=symbols (and
# [core] images) they are drawn in a pseudo-terminal over their boxes, the
# box found from the note's own folder; a cut-short PNG stays its alt text
# and nothing crashes; --images=off and `show` to a pipe keep the alt
# text; a bad mode is a usage error.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
t=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$t"' EXIT
V="$t/vault"
mkdir -p "$V/perf/cold-starts" "$V/.obsidian"
cp "$TESTDATA/images/chart.png" "$TESTDATA/images/photo.jpg" \
    "$TESTDATA/images/dot.gif" "$TESTDATA/images/truncated.png" \
    "$V/perf/cold-starts/"
cat >"$V/perf/cold-starts/Cold starts.md" <<'EOF2'
---
title: Cold starts
tags: [aws, perf]
---
# Cold starts

Measured on a 128 MB function behind an API gateway.

![Flame graph of the init phase](chart.png)

The init phase dominates the first request.

![[photo.jpg]]

<img src="dot.gif" alt="Status dot">

A trace that was cut short while uploading:

![Cut short trace](truncated.png)

Next: [[Provisioned concurrency]].
EOF2
printf '# Provisioned concurrency\n\nKeeps instances warm.\n' \
    >"$V/perf/Provisioned concurrency.md"

# symbols: the pictures replace their boxes' alt text
cat >"$t/script" <<'PTY'
wait-for "Cold starts" 20000
keys \r
wait-for "Measured on a 128 MB"
wait-gone "Flame graph of the init phase"
expect "▀"
keys G
wait-for "Next: Provisioned concurrency"
expect "Cut short trace"
keys \t
wait-for "link 1/1"
keys \r
wait-for "Keeps instances warm."
keys q
exit 0
PTY
"$PTYRUN" -s 40x100 -f "$t/script" -- "$STRATUS" --vault "$V" explore \
    --images=symbols cold >"$t/out" 2>&1 || { cat "$t/out"; fail "symbols"; }

# [core] images = symbols does the same
mkdir -p "$XDG_CONFIG_HOME/stratus"
printf '[core]\nimages = symbols\n' >"$XDG_CONFIG_HOME/stratus/config"
cat >"$t/script" <<'PTY'
wait-for "Cold starts" 20000
keys \r
wait-for "Measured on a 128 MB"
wait-gone "Flame graph of the init phase"
keys q
exit 0
PTY
"$PTYRUN" -s 40x100 -f "$t/script" -- "$STRATUS" --vault "$V" explore \
    cold >"$t/out" 2>&1 || { cat "$t/out"; fail "[core] images"; }

# --images=off: the alt text, inline
cat >"$t/script" <<'PTY'
wait-for "Cold starts" 20000
keys \r
wait-for "Measured on a 128 MB"
expect "[image: Flame graph of the init phase]"
expect "[image: Cut short trace]"
keys q
exit 0
PTY
"$PTYRUN" -s 40x100 -f "$t/script" -- "$STRATUS" --vault "$V" explore \
    --images=off cold >"$t/out" 2>&1 || { cat "$t/out"; fail "--images=off"; }
rm -f "$XDG_CONFIG_HOME/stratus/config"
expect_status 2 "$STRATUS" --vault "$V" explore --images=sixel-please

# show to a pipe: alt text
"$STRATUS" --vault "$V" show "Cold starts" >"$t/show" 2>&1 ||
	fail "show exited $?"
grep -q "\[image: Flame graph of the init phase\]" "$t/show" ||
	fail "show: no alt text"
pass
