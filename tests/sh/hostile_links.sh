#!/bin/sh
# hostile_links.sh: issue 13's note of 50,000 links (bench/gen-hostile.py
# links: one 1.9 MB list, 1,000 notes beside it). `show` of both its
# parts, `links`, `backlinks` and the explorer opening it each keep under
# a peak of 40 MB, and show prints every item once, in order, as one
# tight list (the renderer parses such a note in pieces).
#
# Why 40 MB: they peaked at 18 to 27 MB (RelWithDebInfo, glibc, Debian
# 12), where show took 96 MB, `links --json` 115 MB and the explorer
# 98 MB when the note was parsed as one cmark tree (60 MB, 30 times its
# text) and each link was an index row with its note and context (25 to
# 40 MB): either coming back passes 40. Issue 13's target is 64 MB. Under
# AddressSanitizer (shadow memory, quarantine) the peaks are not checked.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
V="$tmp/vault"
python3 "$SRCDIR/bench/gen-hostile.py" links "$V" || fail "gen-hostile.py"
"$STRATUS" --vault "$V" index >/dev/null || fail "index"

limit_kb=40960
sanitized=0
ldd "$STRATUS" 2>/dev/null | grep -q libasan && sanitized=1

# bounded OUT CMD...: run CMD with its output in OUT; fail when it fails
# or when its peak resident memory (or that of a process it waited for:
# ptyrun's explorer) passes the limit.
bounded() {
	b_out=$1
	shift
	b_kb=$(python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "wb") as f:
    rc = subprocess.call(sys.argv[2:], stdout=f)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if rc == 0
      else "failed")' "$b_out" "$@") || fail "python3"
	[ "$b_kb" != failed ] || { cat "$b_out"; fail "$* failed"; }
	[ "$sanitized" -eq 1 ] || [ "$b_kb" -le "$limit_kb" ] ||
		fail "$* peaked at $b_kb KB, over $limit_kb KB"
}

bounded "$tmp/p1" "$STRATUS" --vault "$V" show --width 80 hub
bounded "$tmp/p2" "$STRATUS" --vault "$V" show --width 80 --part 2 hub
grep -q '^\[part 1 of a 1.9 MB note' "$tmp/p1" || fail "part 1 has no notice"
cat "$tmp/p1" "$tmp/p2" | grep -o '^• link [0-9]*:' | awk '
	$3 + 0 != NR - 1 { print "item " NR - 1 " shows as link " $3; bad = 1; exit }
	END { if (!bad && NR != 50000) print NR " items, not 50000" }' \
    > "$tmp/order"
[ -s "$tmp/order" ] && fail "show: $(cat "$tmp/order")"
# tight: no blank line from a part's first item to its last
for p in p1 p2; do
	awk '/^• link /{ if (gap) { bad = 1 }; seen = 1; next }
	    seen && /^$/ { gap = 1 } /^\[part/ { exit }
	    END { exit bad }' "$tmp/$p" || fail "show: a blank line in the list ($p)"
done

bounded "$tmp/links" "$STRATUS" --vault "$V" links hub
[ "$(wc -l < "$tmp/links")" -eq 50000 ] || fail "links: not 50000 lines"
bounded "$tmp/json" "$STRATUS" --vault "$V" links --json hub
python3 -c 'import json, sys
assert len(json.load(open(sys.argv[1]))) == 50000' "$tmp/json" ||
	fail "links --json: not 50000 links"
bounded "$tmp/back" "$STRATUS" --vault "$V" backlinks hub
[ "$(grep -c '^notes/' "$tmp/back")" -eq 1000 ] ||
	fail "backlinks: not 1000 notes"

cat > "$tmp/script" <<'PTY'
wait-for "Hub" 20000
keys \r
wait-for "link 3:" 60000
keys q
PTY
bounded "$tmp/explore" "$PTYRUN" -s 24x80 -f "$tmp/script" -- \
    "$STRATUS" --vault "$V" explore hub
pass
