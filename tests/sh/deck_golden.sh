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

# What a reader of the frames notices, whatever the goldens hold:
# every frame is exactly the size asked for...
for spec in talk-80x24.txt:24 talk-120x40.txt:40 features-80x24.txt:24; do
	f=${spec%%:*}
	h=${spec##*:}
	awk -v h="$h" -v f="$f" 'BEGIN { RS = "\f\n" }
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
# ...the hidden slide is not shown, and the footer counts shown slides.
grep -q 'A hidden slide' "$out/features-80x24.txt" &&
	{ echo "FAIL: hidden slide shown"; status=1; }
grep -q ' 12/12$' "$out/features-80x24.txt" ||
	{ echo "FAIL: features footer does not count 12 slides"; status=1; }
exit $status
