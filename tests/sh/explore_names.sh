#!/bin/sh
# explore_names.sh: the explorer on the Obsidian-shaped fixture vault,
# where two notes are titled "route" (pages/osx/ and pages/linux/): quick
# open and search results name the folder of each, and each opens its
# own note; and on the docs set, following a link to an HTML anchor
# (<a id>) far down a page lands on it.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
XDG_CACHE_HOME="$tmp/cache"
export XDG_CACHE_HOME LC_ALL=C.UTF-8
V="$TESTDATA/vaults/obsidian"

"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
# Search: both route pages, each with its folder.
keys route
wait-for "Search › route"
wait-for "route  pages/linux"
expect "route  pages/osx"
# Quick open: the same.
keys \x10
wait-for "Enter open · Esc close"
keys route
wait-for "route  pages/linux"
expect "route  pages/osx"
# Enter opens the selected one: the Linux page, not the other.
keys \r
wait-for "routing table (Linux)"
keys q
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "the explorer script failed"; }

V="$TESTDATA/vaults/docset"
"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
keys \x10
wait-for "Enter open · Esc close"
keys quick
wait-for "▌Quick links"
keys \r
wait-for "The flag most people need"
# Tab selects the link, Enter follows it to <a id="flag-verbose">.
keys \t\r
wait-for "-v, --verbose"
expect "Prints every request"
expect-not "Every flag of the"
keys q
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "the anchor script failed"; }
pass
