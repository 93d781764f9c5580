#!/bin/sh
# explore_live.sh: notes changed on disk while the explorer runs are
# re-indexed and the views refresh (inotify; the test waits up to 20 s,
# scaled by STRATUS_TEST_TIMEOUT_SCALE, for a loaded machine): an
# open note edited by another program shows the edit, a new note in a new
# folder turns up in the search as it is written, and leaves it when
# deleted. The files change from the script (ptyrun's run step) only once
# the screen shows what comes before.
set -u
. "$SRCDIR/tests/lib.sh"

need_ptyrun
tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
cp -R "$TESTDATA/vaults/explore" "$tmp/vault" || fail "copy the vault"
V="$tmp/vault"
export V

"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
keys gamma
wait-for "Search › gamma"
keys \r
wait-for "Gamma links back to"
# Another program edits the open note: the view follows.
run printf '\nA line written while the explorer ran.\n' >> "$V/notes/gamma.md"
wait-for "A line written while the explorer ran." 20000
expect "changed on disk: re-indexed 1 note"
# A new note, in a new folder, turns up in the search as it is written.
keys s\x15zeta
wait-for "Search › zeta"
wait-for "No note matches “zeta”"
run mkdir "$V/later" && printf -- '---\ntitle: Zeta\n---\n\n# Zeta\n\nZeta arrived late.\n' > "$V/later/zeta.md"
wait-for "Zeta arrived late." 20000
# And leaves the search when it is deleted.
run rm "$V/later/zeta.md"
wait-for "No note matches “zeta”" 20000
keys \x03
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "live reload (ptyrun exited $rc)"; }
pass
