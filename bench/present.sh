#!/bin/sh
# bench/present.sh: the presenter's speed against mdp's on the same
# machine: start to first frame, and one slide change, each the time from
# the event until the terminal (libvterm in tests/pty/ptyrun) shows the
# result. Decks: the bundled talk and a generated 500-slide deck, each
# also converted to mdp's syntax for mdp. Prints a Markdown table.
#
#   sh bench/present.sh [STRATUS] [PTYRUN]   (defaults: build/...)
#   RUNS=20 CHANGES=30 sh bench/present.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
stratus=${1:-$root/build/stratus}
ptyrun=${2:-$root/build/tests/pty/ptyrun}
runs=${RUNS:-10}
changes=${CHANGES:-20}
out=$root/bench/out
mkdir -p "$out"
mkdir -m 700 -p "$out/run"
export XDG_RUNTIME_DIR="$out/run"

python3 - "$root/slides/serverless-first.md" "$out" <<'PY'
import re, sys
src, out = sys.argv[1], sys.argv[2]
text = open(src, encoding="utf-8").read()
# the talk in mdp's syntax: no frontmatter, comments or components
parts = re.split(r"^---\n(?:(?:[A-Za-z_-]+:.*\n)*---\n)?", text, flags=re.M)
slides = []
for p in parts:
    p = re.sub(r"<!--.*?-->", "", p, flags=re.S)
    p = re.sub(r"</?v-clicks?>|</?v-after>|^::\w+::$", "", p, flags=re.M)
    if p.strip():
        slides.append(p.strip())
open(out + "/talk-mdp.md", "w").write(
    "%title: 10 reasons\n%author: bench\n\n" + "\n\n---\n\n".join(slides) + "\n")
# 500 slides: a title, a list revealed item by item, a code block
sl, md = [], []
for i in range(1, 501):
    body = ("# Slide %d\n\n<v-clicks>\n\n- first point of %d\n- second point\n"
            "- third point\n\n</v-clicks>\n\n```c {1|2}\nint x = %d;\nint y = x;\n```\n"
            % (i, i, i))
    sl.append(body)
    md.append(re.sub(r"</?v-clicks>\n\n", "", body).replace(" {1|2}", ""))
open(out + "/gen500.md", "w").write(
    "---\ntitle: Generated\nduration: 45min\nlayout: default\n---\n\n" +
    "\n---\n\n".join(sl))
open(out + "/gen500-mdp.md", "w").write(
    "%title: Generated\n%author: bench\n\n" + "\n\n---\n\n".join(md) + "\n")
PY

# one run: first frame, then CHANGES slide changes; prints the times
script() {	# total-slides footer-format next-key
	n=$1
	fmt=$2
	key=$3
	printf 'wait-for "%s" 10000\ntime first\n' "$(printf "$fmt" 1 "$n")"
	i=2
	while [ $i -le $((changes + 1)) ]; do
		printf 'keys %s\nwait-for "%s" 5000\ntime change\n' "$key" \
		    "$(printf "$fmt" $i "$n")"
		i=$((i + 1))
	done
	printf 'keys q\nexit 0 5000\n'
}

median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit }
	    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    printf "%.1f", m }'
}

measure() {	# label total fmt key command...
	label=$1
	n=$2
	fmt=$3
	key=$4
	shift 4
	script "$n" "$fmt" "$key" >"$out/script"
	: >"$out/times"
	r=0
	while [ $r -lt "$runs" ]; do
		"$ptyrun" -s 24x80 -f "$out/script" -- "$@" | grep '^time' \
		    >>"$out/times" || { echo "run failed: $label" >&2; return 1; }
		r=$((r + 1))
	done
	first=$(awk '$2 == "first" { print $3 }' "$out/times" | median)
	change=$(awk '$2 == "change" { print $3 }' "$out/times" | median)
	printf '| %s | %s | %s |\n' "$label" "$first" "$change"
}

echo "| run | first frame, ms (median) | slide change, ms (median) |"
echo "|---|---:|---:|"
measure "stratus present, bundled talk (19 slides)" 19 ' %d/%d' ']' \
    "$stratus" present "$root/slides/serverless-first.md"
measure "mdp -f, bundled talk (mdp syntax)" 19 '%d / %d' ' ' \
    mdp -f "$out/talk-mdp.md"
measure "stratus present, 500 slides" 500 ' %d/%d' ']' \
    "$stratus" present "$out/gen500.md"
measure "mdp -f, 500 slides (mdp syntax)" 500 '%d / %d' ' ' \
    mdp -f "$out/gen500-mdp.md"
measure "mdp (fade on), bundled talk" 19 '%d / %d' ' ' \
    mdp "$out/talk-mdp.md"
