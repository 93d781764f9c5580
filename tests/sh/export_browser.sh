#!/bin/sh
# export_browser.sh: the HTML export in headless Chromium (Debian
# chromium, scripts/deps.sh), driven by tests/browser/export_check.js over
# the DevTools pipe: every step of the bundled features deck and of the
# pictures deck, with key events; positions do not shift between steps,
# centred layouts are centred, links open in a new tab, pictures load from
# data: URIs, and nothing but the file is requested. Screenshots of a few
# slides stay in $BUILDDIR/artifacts/ for a person to look at.
set -u
. "$SRCDIR/tests/lib.sh"
chromium=$(command -v chromium || command -v chromium-browser) ||
	fail "chromium missing (scripts/deps.sh installs it)"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
out="$BUILDDIR/artifacts"
mkdir -p "$out"
export HOME="$t"	# Chromium's caches and crash dumps stay in here

"$STRATUS" export --html "$t/features.html" "$SRCDIR/slides/features.md" ||
	fail "export features"
cat >"$t/features.json" <<'JSON'
{ "name": "features", "centred": ["puts the content in the middle"],
  "shots": [1, 2, 4, 6] }
JSON
node "$SRCDIR/tests/browser/export_check.js" "$chromium" "$t/features.html" \
    "$out" "$t/features.json" || fail "features deck in the browser"

"$STRATUS" export --html "$t/pictures.html" \
    "$TESTDATA/decks/pictures/talk.md" || fail "export pictures"
cat >"$t/pictures.json" <<'JSON'
{ "name": "pictures", "links": 1, "pictures": 4, "shots": [2, 3, 4] }
JSON
node "$SRCDIR/tests/browser/export_check.js" "$chromium" "$t/pictures.html" \
    "$out" "$t/pictures.json" || fail "pictures deck in the browser"
ls "$out"/features-*.png "$out"/pictures-*.png >/dev/null 2>&1 ||
	fail "no screenshots in $out"
pass
