#!/bin/sh
# lazy.sh: commands that show no picture, write no PDF and do not sync
# load none of the libraries that only pictures, the PDF export and sync
# use (render/media.h, core/dynlib.h): --version, index, search, show (a
# note with a picture too: to a pipe it is its alt text), check, graph,
# tags, links. The dynamic loader's own log (LD_DEBUG=files) lists every
# library a run opens, linked or dlopen'ed. A PDF export does open
# stratus-media.so and cairo (so the check can see them); without the
# module the PDF export fails with one line naming it, and the HTML
# export and the presenter keep the pictures' alt text and say why.
set -u
. "$SRCDIR/tests/lib.sh"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -m 700 "$t/run"
export XDG_RUNTIME_DIR="$t/run"
deck="$TESTDATA/decks/pictures/talk.md"
heavy='stratus-media|libchafa|librsvg|libgdk_pixbuf|libcairo|libpango|libfontconfig|libglib|libgio|libcurl|libcrypto|libssl'

mkdir -p "$t/v"
printf '# Lambda\n\nCold starts and [[queues]]. #aws\n' >"$t/v/lambda.md"
printf '# Queues\n\nSQS and [[lambda]].\n\n![the path](path.png)\n' \
    >"$t/v/queues.md"
cp "$TESTDATA/decks/pictures/team.jpg" "$t/v/path.png"

# loaded CMD...: the libraries a run of CMD opens, one file name a line
loaded() {
	LD_DEBUG=files "$STRATUS" "$@" 2>&1 >/dev/null |
		sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u
}
light() {
	libs=$(loaded "$@")
	[ -n "$libs" ] || fail "$*: LD_DEBUG=files listed nothing"
	bad=$(printf '%s\n' "$libs" | grep -E "$heavy")
	[ -z "$bad" ] || fail "$* loaded $(echo $bad)"
}
light --version
light --vault "$t/v" index
light --vault "$t/v" search lambda
light --vault "$t/v" show lambda
light --vault "$t/v" show queues
light --vault "$t/v" check
light --vault "$t/v" graph --format json
light --vault "$t/v" tags
light --vault "$t/v" links lambda
"$STRATUS" --vault "$t/v" show queues | grep -q "the path" ||
	fail "show: the picture's alt text is missing"

# the control: a PDF does open the module and what it links
libs=$(loaded export --pdf "$t/x.pdf" "$deck")
printf '%s\n' "$libs" | grep -q 'stratus-media\.so$' ||
	fail "export --pdf did not open stratus-media.so"
printf '%s\n' "$libs" | grep -q libcairo || fail "export --pdf: no cairo"
[ -s "$t/x.pdf" ] || fail "export --pdf wrote nothing"

# no module: one line that names it, no crash, alt text kept
mkdir "$t/nolib"
STRATUS_LIBDIR="$t/nolib" "$STRATUS" export --pdf "$t/y.pdf" "$deck" \
    >"$t/out" 2>&1
rc=$?
[ "$rc" -eq 3 ] || { cat "$t/out"; fail "no module: export --pdf exited $rc"; }
[ "$(wc -l <"$t/out")" -eq 1 ] && grep -q "need stratus-media.so" "$t/out" ||
	{ cat "$t/out"; fail "no module: not one line naming it"; }
STRATUS_LIBDIR="$t/nolib" "$STRATUS" export --html "$t/y.html" "$deck" \
    2>"$t/err" || fail "no module: export --html exited $?"
grep -q "alt text" "$t/err" || fail "no module: export --html said nothing"
grep -q "data:image" "$t/y.html" && fail "no module: a picture was embedded"
grep -q "Vendor dashboard screenshot" "$t/y.html" ||
	fail "no module: export --html lost the alt text"
cat >"$t/script" <<'PTY'
wait-for " 1/5"
keys 3\r
wait-for " 3/5"
expect "Request path: API gateway, function, queue"
keys q
exit 0
PTY
STRATUS_LIBDIR="$t/nolib" "$PTYRUN" -s 30x100 -f "$t/script" -- \
    "$STRATUS" present --images=symbols "$deck" >"$t/out" 2>&1 ||
	{ cat "$t/out"; fail "no module: the presenter"; }
pass
