#!/bin/sh
# check-layering.sh [SRC]: fail if a file under SRC (default: src) includes
# a header of a layer it may not use. The table is the one in DESIGN.md
# ("Layout"): a layer may include its own headers and those of the layers
# it may use. `#include "x.h"` (no folder) is the file's own layer; a
# folder missing from the table is an error too, so a new layer has to be
# added here. Prints one line per violation, FILE:LINE: what and why;
# exits 1 if there is any. Run by tests/sh/layering.sh (`make test`).
set -eu
src=${1:-src}
[ -d "$src" ] || { echo "check-layering: no folder $src" >&2; exit 2; }

# may_use LAYER: the layers LAYER may include, itself first.
may_use() {
	case $1 in
	core) echo "core" ;;
	render) echo "render core" ;;
	tui) echo "tui core render" ;;
	deck) echo "deck core render tui" ;;
	sync) echo "sync core" ;;
	cli) echo "cli core render tui deck sync" ;;
	*) return 1 ;;
	esac
}

status=0
for f in "$src"/*.c "$src"/*.h; do
	[ -e "$f" ] || continue
	echo "$f: outside every layer folder"
	status=1
done
for dir in "$src"/*/; do
	layer=$(basename "$dir")
	if ! allowed=$(may_use "$layer"); then
		echo "$src/$layer: folder not in the layering table" \
		    "(scripts/check-layering.sh, DESIGN.md)"
		status=1
		continue
	fi
	out=$(find "$dir" -type f \( -name '*.c' -o -name '*.h' \) | sort |
	    xargs -r awk -v layer="$layer" -v allowed=" $allowed " '
	/^[ \t]*#[ \t]*include[ \t]*"/ {
		path = $0
		sub(/^[^"]*"/, "", path)
		sub(/".*$/, "", path)
		while (path ~ /^\.\.?\//)
			sub(/^\.\.?\//, "", path)
		to = layer
		if (index(path, "/") > 0)
			to = substr(path, 1, index(path, "/") - 1)
		if (index(allowed, " " to " ") == 0)
			printf "%s:%d: %s may not include \"%s\" " \
			    "(%s may use: %s)\n", FILENAME, FNR, layer,
			    path, layer, list
	}
	BEGIN { list = allowed; gsub(/^ | $/, "", list); gsub(/ /, ", ", list) }')
	if [ -n "$out" ]; then
		echo "$out"
		status=1
	fi
done
exit $status
