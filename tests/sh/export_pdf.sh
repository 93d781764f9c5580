#!/bin/sh
# export_pdf.sh: `stratus export --pdf` read back with poppler-utils. The
# bundled features deck with --steps has one page per frame of `deck
# print` at the same size, and pdftotext finds each frame's words on its
# own page, in order; without --steps one page per slide (its last step).
# The pictures deck has its three local pictures embedded (pdfimages),
# and the text of every slide. A bad path is an error, not a crash.
set -u
. "$SRCDIR/tests/lib.sh"
command -v pdftotext >/dev/null || fail "pdftotext missing (scripts/deps.sh)"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
features="$SRCDIR/slides/features.md"
pics="$TESTDATA/decks/pictures/talk.md"

"$STRATUS" export --pdf "$t/steps.pdf" --steps "$features" ||
	fail "export --steps exited $?"
"$STRATUS" deck print --width 100 --height 30 "$features" >"$t/print" ||
	fail "deck print exited $?"
pages=$(pdfinfo "$t/steps.pdf" | awk '/^Pages:/ { print $2 }')
frames=$(python3 -c 'import sys; print(len(open(sys.argv[1]).read().split("\f")))' "$t/print")
[ "$pages" = "$frames" ] || fail "--steps: $pages pages for $frames frames"
# every word of 4+ letters of frame N (but its footer) is on page N
python3 - "$t/print" "$t/steps.pdf" <<'PY' || fail "frame text not on its page"
import re, subprocess, sys
frames = open(sys.argv[1]).read().split("\f")
bad = 0
for n, fr in enumerate(frames, 1):
    rows = [r for r in fr.split("\n") if r.strip()]
    rows = rows[:-1]  # the footer: the PDF has none
    words = re.findall(r"[A-Za-z]{4,}", " ".join(rows))
    page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n),
                           "-layout", sys.argv[2], "-"],
                          capture_output=True, text=True).stdout
    missing = [w for w in words if w not in page]
    if missing:
        print("page %d lacks %s" % (n, missing[:5]))
        bad += 1
sys.exit(1 if bad else 0)
PY

"$STRATUS" export --pdf "$t/last.pdf" "$features" || fail "export exited $?"
slides=$("$STRATUS" deck print --width 100 --height 30 "$features" |
	grep -o ' [0-9]*/[0-9]*$' | sort -u | wc -l)
pages=$(pdfinfo "$t/last.pdf" | awk '/^Pages:/ { print $2 }')
[ "$pages" = "$slides" ] || fail "$pages pages for $slides slides"
# in order: each slide's title on its page
pdftotext -f 2 -l 2 "$t/last.pdf" - | grep -q "Slides and steps" ||
	fail "page 2 is not slide 2"
pdftotext -f 2 -l 2 "$t/last.pdf" - | grep -q "reveals one list item" ||
	fail "page 2 is not the last step"

"$STRATUS" export --pdf "$t/pics.pdf" "$pics" || fail "pictures exited $?"
[ "$(pdfinfo "$t/pics.pdf" | awk '/^Pages:/ { print $2 }')" = 5 ] ||
	fail "pictures: not 5 pages"
n=$(pdfimages -list "$t/pics.pdf" | awk 'NR > 2 && $3 == "image"' | wc -l)
[ "$n" -ge 3 ] || fail "pictures: $n images embedded"
pdftotext "$t/pics.pdf" "$t/pics.txt"
for w in "Latency by runtime" "The architecture" "The team" \
    "Vendor dashboard screenshot" "Every box on the way adds a hop."; do
	grep -q "$w" "$t/pics.txt" || fail "pictures: no \"$w\""
done

expect_status 3 "$STRATUS" export --pdf /nonexistent/dir/x.pdf "$features"
expect_status 2 "$STRATUS" export "$features"
pass
