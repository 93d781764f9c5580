#!/bin/sh
# obsidian_render.sh: what Obsidian users write, shown by `stratus show`
# and the explorer on tests/data/vaults/obsidian-render: callouts (folded
# ones closed until Enter or a click), ![[Note#Heading]] and
# ![[Note#^block]] embedded in a frame naming the source, an image embed
# with a size shows its name, %%comments%% and ^block ids hidden,
# ==highlight==, <kbd> keys and $$ math; nested tags as a tree; an
# unknown --theme an error before the screen starts.
set -u
. "$SRCDIR/tests/lib.sh"

tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT
cp -R "$TESTDATA/vaults/obsidian-render" "$tmp/vault" || fail "copy"
V="$tmp/vault"
export LC_ALL=C.UTF-8

"$STRATUS" --vault "$V" show --width 60 home > "$tmp/home" 2>"$tmp/err" ||
	{ cat "$tmp/err"; fail "show home failed"; }
has() { grep -qF -- "$1" "$tmp/$2" || { cat "$tmp/$2"; fail "$2: no \"$1\""; }; }
hasnt() { ! grep -qF -- "$1" "$tmp/$2" || { cat "$tmp/$2"; fail "$2: \"$1\" shown"; }; }
has "┌─ Runbook › Deploy" home
has "│ 2. Deploy with sam deploy --guided." home
has "│ ✦ Start with the runbook" home
has "│ ? Why is the first request slow? ▸" home
hasnt "A new execution environment" home	# folded
has "│ ! Warning" home
has "Read the alarms first when paged." home
has "[Ctrl]+[P]" home
has "[image: architecture.png]" home
hasnt "300" home
hasnt "^friday-rule" home
hasnt "^deploy-step" home
hasnt "TODO" home
hasnt "Private" home
hasnt "[!" home
hasnt "==" home

# The embedded note embeds Home, which embeds back: the cycle stops.
"$STRATUS" --vault "$V" show --width 70 'Cold start notes' > "$tmp/cold" \
    2>"$tmp/err" || { cat "$tmp/err"; fail "show 'Cold start notes'"; }
has "t_{cold} = t_{download} + t_{init}" cold
has "┌─ Home" cold
has "│ ┌─ Runbook › Deploy" cold
hasnt "^def" cold

# The bundled notes embed sections of each other: every one is found
# and framed (no "[embed: ...]" left as a bare link).
n=0
for f in $(grep -rl '!\[\[' "$SRCDIR/content" 2>/dev/null); do
	rel=${f#"$SRCDIR/content/"}
	"$STRATUS" --vault "$SRCDIR/content" show --width 80 "$rel" \
	    > "$tmp/bundled" 2>"$tmp/err" || { cat "$tmp/err"; fail "show $rel"; }
	hasnt "[embed: " bundled
	has "┌─ " bundled
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "the bundled notes have no embed to check"

# Tags keep the case they were first written in; matching ignores it.
"$STRATUS" --vault "$V" tags > "$tmp/tags" 2>&1 || fail "tags"
has "3  #AWS/Lambda" tags
has "2  #Runbook" tags
"$STRATUS" --vault "$V" search tag:aws/LAMBDA > "$tmp/tagged" 2>&1 ||
	fail "search tag:"
[ "$(grep -c '(' "$tmp/tagged")" -eq 3 ] ||
	{ cat "$tmp/tagged"; fail "search tag:aws/LAMBDA: not the 3 of tags"; }

# A --theme that does not exist stops the explorer before curses starts,
# saying so where it can be read.
"$STRATUS" --vault "$V" --theme no-such-theme explore >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "explore --theme no-such-theme: not a usage error"
grep -q "theme no-such-theme: not found" "$tmp/err" ||
	{ cat "$tmp/err"; fail "no message about the theme"; }

# The explorer: the embed framed, Enter unfolds the folded callout and
# folds it again.
need_ptyrun
# No hub note in this vault: the empty search does not promise one.
"$PTYRUN" -s 24x80 -- "$STRATUS" --vault "$V" explore > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search ›" 20000
wait-for "The notes updated most recently"
expect-not "Start here"
keys \x03
exit 0
PTY
[ $? -eq 0 ] || { cat "$tmp/out"; fail "the search view without a hub"; }

"$PTYRUN" -s 40x80 -- "$STRATUS" --vault "$V" explore 'Lambda in production' \
    > "$tmp/out" 2>&1 <<'PTY'
wait-for "Search › Lambda in production" 20000
wait-for "Home" 10000
keys \r
wait-for "Notes on running Lambda" 10000
expect "┌─ Runbook › Deploy"
expect "│ 1. Build with sam build."
expect "Why is the first request slow? ▸"
expect-not "A new execution environment"
keys \r
wait-for "A new execution environment starts" 10000
expect "Why is the first request slow? ▾"
expect "┌─ Cold start notes › ^def"
keys \r
wait-gone "A new execution environment starts" 10000
expect "Why is the first request slow? ▸"
# Find: "match N/M", and n moves on even within the screen.
keys /runbook\r
wait-for "match 1/4"
keys n
wait-for "match 2/4"
keys n
wait-for "match 3/4"
keys N
wait-for "match 2/4"
# Tags: #aws/lambda under a parent #aws no note carries alone.
keys t
wait-for "Enter lists a tag's notes"
expect "#AWS "
expect "  /Lambda"
keys \r
wait-for "Notes tagged #aws"
expect "3 notes"
keys q
exit 0
PTY
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "the explorer script failed"; }
pass
