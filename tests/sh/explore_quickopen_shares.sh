#!/bin/sh
# explore_quickopen_shares.sh: quick open over more names than one thread
# scores. view-quickopen.c scores many names in shares side by side, one
# a core, then merges the best of each: the list and its count must be
# those of one pass. The same four notes that match "lz" are looked up
# in a vault of 7 notes (one share) and in one of 4,104 (two or more on
# a machine of two cores; the four are in the first and the last folder,
# so in different shares): the same rows, in the same order.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C.UTF-8

# vault DIR FILLERS: the four, and FILLERS notes that hold an l, no z
vault() {
	mkdir -p "$1/a" "$1/m" "$1/z" || fail "mkdir"
	printf '# Lazuli\n\nA blue stone.\n' > "$1/a/lazuli.md"
	printf '# Blitz\n\nA chess game played fast.\n' > "$1/a/blitz.md"
	printf '# LZ guide\n\nCompression.\n' > "$1/z/lz-guide.md"
	printf '# Glaze Zone\n\nPottery.\n' > "$1/z/glaze-zone.md"
	awk -v dir="$1/m" -v n="$2" 'BEGIN {
		for (i = 0; i < n; i++) {
			f = sprintf("%s/filler-%05d.md", dir, i)
			printf "# Filler note %05d\n\nPlain text.\n", i > f
			close(f)
		}
	}' || fail "awk"
}

# rows VAULT OUT: the quick-open screen for "lz", and its count
rows() {
	XDG_CACHE_HOME="$tmp/cache" "$STRATUS" --vault "$1" index \
	    > /dev/null 2>&1 || fail "index $1"
	XDG_CACHE_HOME="$tmp/cache" "$PTYRUN" -s 30x100 -- "$STRATUS" \
	    --vault "$1" explore > "$2" 2>&1 <<'PTY'
wait-for "Search ›" 60000
keys \x10
wait-for "Enter open · Esc close"
keys l
wait-for "Filler note"
keys z
wait-for "› lz"
wait-for "─ 4/"
screen
keys \e
keys \x03
exit 0
PTY
	[ $? -eq 0 ] || { cat "$2"; fail "quick open in $1"; }
}

vault "$tmp/small" 3
vault "$tmp/big" 4100
rows "$tmp/small" "$tmp/small.out"
rows "$tmp/big" "$tmp/big.out"

# the box's rows (the list behind it shows the same titles)
box='│ [▌ ]\(LZ guide\|Lazuli\|Blitz\|Glaze Zone\)'
grep -o "$box" "$tmp/small.out" > "$tmp/small.order"
grep -o "$box" "$tmp/big.out" > "$tmp/big.order"
[ "$(wc -l < "$tmp/small.order")" -eq 4 ] ||
    { cat "$tmp/small.out"; fail "the small vault does not list the four"; }
cmp -s "$tmp/small.order" "$tmp/big.order" ||
    { cat "$tmp/small.out" "$tmp/big.out"; fail "the shares merge into another order"; }
grep -q '4/7' "$tmp/small.out" || { cat "$tmp/small.out"; fail "count 4/7"; }
grep -q '4/4104' "$tmp/big.out" || { cat "$tmp/big.out"; fail "count 4/4104"; }
pass
