#!/bin/sh
# layering.sh: no file under src/ includes a header of a layer it may not
# use (scripts/check-layering.sh holds DESIGN.md's table). The checker is
# tested first: a tree with deliberate violations must fail, with a line
# naming each, and a clean tree must pass.
. "$SRCDIR/tests/lib.sh"
check="$SRCDIR/scripts/check-layering.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A clean tree passes.
mkdir -p "$tmp/ok/core" "$tmp/ok/render" "$tmp/ok/cli"
printf '#include "core/buf.h"\n#include <stdio.h>\n' >"$tmp/ok/core/a.c"
printf '#include "a.h"\n#include "core/buf.h"\n' >"$tmp/ok/render/b.c"
printf '#include "tui/app.h"\n#include "sync/sync.h"\n' >"$tmp/ok/cli/c.c"
sh "$check" "$tmp/ok" >"$tmp/ok.out" 2>&1 ||
    fail "a clean tree fails: $(cat "$tmp/ok.out")"

# Each kind of violation is reported with its file and line.
mkdir -p "$tmp/bad/core" "$tmp/bad/render" "$tmp/bad/sync" "$tmp/bad/gui"
printf '#include "core/buf.h"\n#include "tui/app.h"\n' >"$tmp/bad/core/x.c"
printf '  # include "../tui/screen.h"\n' >"$tmp/bad/render/y.h"
printf '#include "render/render.h"\n' >"$tmp/bad/sync/z.c"
: >"$tmp/bad/gui/w.c"
if sh "$check" "$tmp/bad" >"$tmp/bad.out" 2>&1; then
	fail "the checker passes a tree with violations"
fi
for want in 'core/x.c:2: core may not include "tui/app.h"' \
    'render/y.h:1: render may not include "tui/screen.h"' \
    'sync/z.c:1: sync may not include "render/render.h"' \
    'gui: folder not in the layering table'; do
	grep -qF "$want" "$tmp/bad.out" ||
	    fail "checker output lacks: $want; got: $(cat "$tmp/bad.out")"
done

# The real tree.
sh "$check" "$SRCDIR/src" || fail "layering violations under src/ (above)"
pass
