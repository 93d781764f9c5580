#!/bin/sh
# install.sh: `make install` with PREFIX and DESTDIR puts the binary, the
# man pages, the bundled data and the pictures' module (stratus-media.so)
# where they belong, and the installed binary finds its bundled notes
# and its module there, not in the source or build tree.
set -u
. "$SRCDIR/tests/lib.sh"

D=$(mktemp -d); trap 'rm -rf "$D"' EXIT
DESTDIR="$D" cmake --install "$BUILDDIR" --prefix /opt/st >/dev/null ||
	fail "cmake --install failed"
for f in bin/stratus share/man/man1/stratus.1 \
	share/stratus/content/concepts/serverless.md \
	share/stratus/slides/serverless-first.md \
	share/stratus/themes/dark.theme; do
	[ -e "$D/opt/st/$f" ] || fail "not installed: $f"
done
media=$(find "$D/opt/st" -name stratus-media.so)
case $media in
"$D"/opt/st/lib*/stratus/stratus-media.so) ;;
*) fail "stratus-media.so not in PREFIX/LIBDIR/stratus: '$media'" ;;
esac
out=$(cd / && HOME="$D" XDG_CACHE_HOME="$D/cache" XDG_CONFIG_HOME="$D/cfg" \
	"$D/opt/st/bin/stratus" search --json --limit 1 serverless) ||
	fail "the installed binary cannot search its bundled notes"
printf '%s' "$out" | grep -q "\"path\"" || fail "no result: $out"
# It found the installed copy, not the source tree.
"$D/opt/st/bin/stratus" index 2>/dev/null | grep -q "^$D/opt/st/share/stratus/content" ||
	fail "the installed binary did not use share/stratus/content"
# a PDF opens the installed module, not the build tree's
HOME="$D" XDG_CACHE_HOME="$D/cache" XDG_CONFIG_HOME="$D/cfg" LD_DEBUG=files \
    "$D/opt/st/bin/stratus" export --pdf "$D/x.pdf" \
    "$D/opt/st/share/stratus/slides/serverless-first.md" 2>"$D/libs" ||
	fail "the installed binary cannot export a PDF"
grep -q "file=$media " "$D/libs" ||
	fail "the installed binary did not open $media"
pass
