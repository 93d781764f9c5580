#!/bin/sh
# install.sh: `make install` with PREFIX and DESTDIR puts the binary, the
# man pages and the bundled data where they belong, and the installed
# binary finds its bundled notes there, not in the source tree.
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
out=$(cd / && HOME="$D" XDG_CACHE_HOME="$D/cache" XDG_CONFIG_HOME="$D/cfg" \
	"$D/opt/st/bin/stratus" search --json --limit 1 serverless) ||
	fail "the installed binary cannot search its bundled notes"
printf '%s' "$out" | grep -q "\"path\"" || fail "no result: $out"
# It found the installed copy, not the source tree.
"$D/opt/st/bin/stratus" index 2>/dev/null | grep -q "^$D/opt/st/share/stratus/content" ||
	fail "the installed binary did not use share/stratus/content"
pass
