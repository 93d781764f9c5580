#!/bin/sh
# deck_golden.sh: `stratus deck print` frames of the bundled talk at 80x24
# and 120x40, and of slides/features.md at 80x24, against the golden files
# in tests/golden-deck/. The presenter paints these same frames. After a
# deliberate change (to the talk, the renderer or a layout), accept the new
# frames with: STRATUS_UPDATE_GOLDEN=1 ctest -R deck_golden (in the build
# folder; the variable every golden runner reads), and read the diff.
set -eu
golden="$SRCDIR/tests/golden-deck"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

frames() {
	name=$1
	shift
	"$STRATUS" deck print "$@" >"$out/$name"
	if [ -n "${STRATUS_UPDATE_GOLDEN:-}" ]; then
		cp "$out/$name" "$golden/$name"
		return
	fi
	if ! cmp -s "$golden/$name" "$out/$name"; then
		echo "FAIL: frames differ from tests/golden-deck/$name" \
		    "(STRATUS_UPDATE_GOLDEN=1 to accept):"
		diff -u "$golden/$name" "$out/$name" | head -60
		status=1
	fi
}

frames talk-80x24.txt --width 80 --height 24 "$SRCDIR/slides/serverless-first.md"
frames talk-120x40.txt --width 120 --height 40 "$SRCDIR/slides/serverless-first.md"
frames features-80x24.txt "$SRCDIR/slides/features.md"
# decks shaped like real ones from elsewhere (issue 11): Slidev components
# over several lines, click forms, mdp's line layout, presenterm
frames cards-80x24.txt "$TESTDATA/decks/cards.md"
frames clicks-60x16.txt --width 60 --height 16 "$TESTDATA/decks/clicks.md"
frames mdp-sample-60x22.txt --width 60 --height 22 "$TESTDATA/decks/mdp-sample.md"
frames presenterm-inline-80x24.txt "$TESTDATA/decks/presenterm-inline.md"
frames imports-70x16.txt --width 70 --height 16 "$TESTDATA/decks/imports.md"

# What a reader of the frames notices, whatever the goldens hold:
# every frame is exactly the size asked for...
for spec in talk-80x24.txt:24 talk-120x40.txt:40 features-80x24.txt:24 \
    cards-80x24.txt:24 clicks-60x16.txt:16 mdp-sample-60x22.txt:22 \
    presenterm-inline-80x24.txt:24 imports-70x16.txt:16; do
	f=${spec%%:*}
	h=${spec##*:}
	awk -v h="$h" -v f="$f" 'BEGIN { RS = "\f" }
	    { n = split($0, rows, "\n"); if (rows[n] == "") n--
	      if (n != h) { printf "FAIL: %s frame %d has %d rows\n", f, NR, n; bad = 1 } }
	    END { exit bad }' "$out/$f" || status=1
done
if awk 'length($0) > 80 { exit 1 }' "$out/talk-80x24.txt"; then :; else
	# length counts bytes; measure columns with python
	python3 - "$out/talk-80x24.txt" <<'PY' || status=1
import sys, unicodedata
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
            for c in line.rstrip("\n\f"))
    if w > 80:
        print("FAIL: line %d is %d columns wide" % (n, w)); sys.exit(1)
PY
fi
# ...a step per click: the talk's agenda shows its items one by one...
grep -c 'Ten reasons, one slide each' "$out/talk-80x24.txt" | {
	read n
	[ "$n" -ge 4 ] || { echo "FAIL: agenda item on $n frames"; exit 1; }
} || status=1
# ...the cover title is in block letters where it fits (120x40)...
head -40 "$out/talk-120x40.txt" | grep -q '█' ||
	{ echo "FAIL: no block letters on the 120x40 cover"; status=1; }
# ...no raw tag, comment or slot marker reaches a frame...
if grep -n '<v-click\|<Card\|<!--\|::right::\|</div>' "$out"/talk-*.txt; then
	echo "FAIL: markup on screen"
	status=1
fi
# ...mdp keeps its lines: a key table's continuation stays indented under
# its column, a box stays a box, ^ pauses, -> x -> is right-aligned...
m="$out/mdp-sample-60x22.txt"
grep -q '^                  Down, Right$' "$m" ||
	{ echo "FAIL: mdp continuation line not kept"; status=1; }
grep -q '^  │  editor  │ ───▶ │   mdp    │$' "$m" ||
	{ echo "FAIL: mdp box drawing mangled"; status=1; }
grep -q '^ *pushed to the right$' "$m" && ! grep -q -- '->' "$m" ||
	{ echo "FAIL: mdp alignment arrows"; status=1; }
[ "$(grep -c 'Shown after the pause' "$m")" = 1 ] ||
	{ echo "FAIL: mdp ^ is not a pause"; status=1; }
grep -q '<br>\|\^$' "$m" && { echo "FAIL: mdp markup shown"; status=1; }
# ...a component's image alt is printed once, never as a bare copy...
c="$out/cards-80x24.txt"
[ "$(grep -c '^  Effortless Scalability$' "$c")" = 0 ] ||
	{ echo "FAIL: bare copy of a card title"; status=1; }
# ...presenterm's title is inline Markdown, not underscores and stars...
p="$out/presenterm-inline-80x24.txt"
grep -q '^ Shipping with presenterm ' "$p" ||
	{ echo "FAIL: presenterm footer title"; status=1; }
grep -q '_presenterm_\|\*\*Rust' "$p" && { echo "FAIL: Markdown marks in the title"; status=1; }
# ...<Toc> lists the slides, <<< shows the snippet beside the deck...
grep -q '• Image on the left' "$out/imports-70x16.txt" ||
	{ echo "FAIL: <Toc> lists no slides"; status=1; }
grep -q 'export async function retry' "$out/imports-70x16.txt" ||
	{ echo "FAIL: <<< snippet not shown"; status=1; }
# ...the hidden slide is not shown, and the footer counts shown slides.
grep -q 'A hidden slide' "$out/features-80x24.txt" &&
	{ echo "FAIL: hidden slide shown"; status=1; }
grep -q ' 12/12$' "$out/features-80x24.txt" ||
	{ echo "FAIL: features footer does not count 12 slides"; status=1; }
exit $status
