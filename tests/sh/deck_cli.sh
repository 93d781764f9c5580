#!/bin/sh
# deck_cli.sh: the deck commands as a user meets them: usage errors,
# missing files, stratus deck check's report and exit status, form feeds
# between printed frames, and decks in every syntax printed cleanly.
set -u
decks="$TESTDATA/decks"
status=0
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

expect_rc() {
	want=$1
	shift
	"$@" >"$t/out" 2>"$t/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "FAIL: $* exited $rc, not $want"
		cat "$t/err"
		status=1
	fi
}

expect_rc 2 "$STRATUS" deck
expect_rc 2 "$STRATUS" deck print
expect_rc 2 "$STRATUS" deck print --width 5 "$decks/slidev.md"
expect_rc 2 "$STRATUS" deck frobnicate
expect_rc 3 "$STRATUS" deck print "$t/no-such-deck.md"
grep -q 'no-such-deck.md' "$t/err" || { echo "FAIL: error names no file"; status=1; }
expect_rc 2 "$STRATUS" export "$decks/slidev.md"
expect_rc 2 "$STRATUS" present --start 0
expect_rc 0 "$STRATUS" deck --help

# form feeds: one frame per step of every shown slide (slidev.md has
# 1+1+3+5+3+1+1+1+1 = 17 steps once the hidden slide is left out)
"$STRATUS" deck print "$decks/slidev.md" >"$t/p" 2>/dev/null
n=$(tr -cd '\f' <"$t/p" | wc -c)
[ "$n" -eq 16 ] || { echo "FAIL: $n form feeds, want 16"; status=1; }
grep -q 'You should not see this' "$t/p" && { echo "FAIL: hidden slide"; status=1; }
# ...and every frame is exactly H lines: no newline after a form feed
# (issue 11, point 10)
"$STRATUS" deck print --height 10 "$decks/slidev.md" >"$t/p10" 2>/dev/null
n=$(wc -l <"$t/p10")
[ "$n" -eq 170 ] || { echo "FAIL: 17 frames of 10 lines gave $n lines"; status=1; }


# every syntax prints with no markup left
for d in slidev tricky crlf presenterm mdp import-main; do
	"$STRATUS" deck print "$decks/$d.md" >"$t/$d" 2>/dev/null ||
		{ echo "FAIL: deck print $d"; status=1; }
	if grep -n '<v-\|<Card\|<!--\|-->\|::right::\|<li>\|<b>' "$t/$d"; then
		echo "FAIL: markup in $d"
		status=1
	fi
done
grep -q 'Centred in the middle' "$t/presenterm" || { echo "FAIL: presenterm"; status=1; }
grep -q 'Pay per use' "$t/tricky" || { echo "FAIL: component text"; status=1; }
grep -q '\[image: An architecture diagram\]' "$t/tricky" || { echo "FAIL: img alt"; status=1; }

# deck check: problems named with file and line, exit 1; a clean deck 0
expect_rc 1 "$STRATUS" deck check "$decks/unterminated.md"
grep -q 'unterminated.md:13: code fence is never closed' "$t/out" ||
	{ echo "FAIL: fence not reported"; cat "$t/out"; status=1; }
grep -q "unknown layout 'no-such-layout'" "$t/out" || { echo "FAIL: layout"; status=1; }
grep -q '<Card> is never closed' "$t/out" || { echo "FAIL: component"; status=1; }
printf -- '---\ntitle: tall\n---\n\n# Tall\n\n' >"$t/tall.md"
i=0
while [ $i -lt 40 ]; do echo "- line $i" >>"$t/tall.md"; i=$((i + 1)); done
expect_rc 1 "$STRATUS" deck check "$t/tall.md"
grep -q 'tall.md:1: slide 1 ("Tall") needs' "$t/out" || { echo "FAIL: overflow"; cat "$t/out"; status=1; }
expect_rc 0 "$STRATUS" deck check "$SRCDIR/slides/features.md"
# every valid deck in tests/data/decks checks clean, among them those built
# like real Slidev, mdp and presenterm talks (issue 11)
for d in cards clicks mdp-sample presenterm-inline imports slidev tricky \
    presenterm mdp crlf; do
	expect_rc 0 "$STRATUS" deck check "$decks/$d.md"
done
# presenterm include: a missing file and a cycle are named, not followed
mkdir "$t/pt"
printf -- '---\ntitle: inc\n---\n\nA\n===\n\n<!-- include: a.md -->\n\n<!-- end_slide -->\n\nB\n===\n\n<!-- include: gone.md -->\n' >"$t/pt/main.md"
printf 'from a\n\n<!-- include: b.md -->\n' >"$t/pt/a.md"
printf 'from b\n\n<!-- include: ./a.md -->\n' >"$t/pt/b.md"
expect_rc 1 "$STRATUS" deck check "$t/pt/main.md"
grep -q 'b.md:3: include: ./a.md includes itself' "$t/out" ||
	{ echo "FAIL: include cycle"; cat "$t/out"; status=1; }
grep -q 'main.md:15: include: gone.md: ' "$t/out" ||
	{ echo "FAIL: missing include"; cat "$t/out"; status=1; }
"$STRATUS" deck print "$t/pt/main.md" 2>/dev/null | grep -q 'from b' ||
	{ echo "FAIL: nested include not shown"; status=1; }
# a slide taller than the frame says there is more
"$STRATUS" deck print "$t/tall.md" | grep -q '▼ more' || { echo "FAIL: no more mark"; status=1; }

# control characters from a deck never reach the terminal
printf -- '---\ntitle: "evil \033]0;pwned\007 title"\n---\n\n# Head \033[31mred\n\nbody \033]0;x\007 \233 text\n\n<Card title="a\033[2Jb" />\n\n<!-- note \033]0;n\007 -->\n' >"$t/evil.md"
"$STRATUS" deck print "$t/evil.md" >"$t/evil.out" 2>/dev/null
if tr -d '\n\f' <"$t/evil.out" | grep -q "$(printf '\033')"; then
	echo "FAIL: ESC in deck print"
	status=1
fi
"$STRATUS" export --html "$t/evil.html" "$t/evil.md" 2>/dev/null
if grep -q "$(printf '\033')" "$t/evil.html"; then
	echo "FAIL: ESC in the HTML"
	status=1
fi
mkdir -m 700 "$t/run"
printf 'wait-for "1/1"\nkeys o\nwait-for Overview\nkeys \\e\nkeys q\nexit 0\nraw-check-no "\\e]0;"\n' >"$t/evil.script"
XDG_RUNTIME_DIR="$t/run" "$PTYRUN" -f "$t/evil.script" -- "$STRATUS" present "$t/evil.md" >"$t/evil.pty" ||
	{ echo "FAIL: control characters reached the terminal"; cat "$t/evil.pty"; status=1; }
exit $status
