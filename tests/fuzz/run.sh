#!/bin/sh
# Run every libFuzzer target of a fuzz build for a bounded time:
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS
# For each target fuzz_NAME: first the regression inputs in
# tests/fuzz/regress/fuzz_NAME/ (crashes found before, each run once),
# then SECONDS of fuzzing from the seeds in tests/fuzz/corpus/fuzz_NAME/
# with the dictionary tests/fuzz/fuzz_NAME.dict when there is one. New
# crashes are written to BUILD_DIR/fuzz-artifacts/fuzz_NAME/: copy them
# into regress/ (and a unit test) once fixed: `make test` replays
# regress/ and corpus/ too (tests/fuzz/replay.c). Exit status 1 when any
# target failed.
#
# Inputs are capped per target, large enough that size-driven slowness
# (deep frontmatter nesting, a huge note) is reachable: 1 MB for
# fuzz_frontmatter and fuzz_note, 256 KB for the other text parsers, 64 KB
# for the rest (FUZZ_MAX_LEN overrides them all). One input running
# longer than FUZZ_TIMEOUT seconds (default 10) is a failure, saved as a
# timeout-* artifact like a crash.
set -u
build=${1:?usage: run.sh BUILD_DIR SECONDS}
secs=${2:-60}
timeout=${FUZZ_TIMEOUT:-10}
here=$(cd "$(dirname "$0")" && pwd)
status=0
n=0
for bin in "$build"/tests/fuzz/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	name=$(basename "$bin")
	n=$((n + 1))
	work="$build/fuzz-corpus/$name"
	art="$build/fuzz-artifacts/$name/"
	mkdir -p "$work" "$art"
	if [ -d "$here/regress/$name" ] &&
	    [ -n "$(ls -A "$here/regress/$name" 2>/dev/null)" ]; then
		echo "== $name: regression inputs"
		if ! "$bin" -rss_limit_mb=2048 -timeout="$timeout" \
		    "$here/regress/$name"/* \
		    >"$build/$name.regress.log" 2>&1; then
			tail -n 30 "$build/$name.regress.log"
			echo "== $name: a regression input fails" >&2
			status=1
			continue
		fi
	fi
	case $name in
	fuzz_frontmatter|fuzz_note) max_len=1048576 ;;
	fuzz_links|fuzz_render|fuzz_deck|fuzz_html) max_len=262144 ;;
	*) max_len=65536 ;;
	esac
	max_len=${FUZZ_MAX_LEN:-$max_len}
	echo "== $name: fuzzing for ${secs}s (inputs up to $max_len bytes," \
	    "${timeout}s each)"
	set -- -max_total_time="$secs" -timeout="$timeout" -rss_limit_mb=2048 \
	    -max_len="$max_len" -artifact_prefix="$art" -print_final_stats=1
	[ -f "$here/$name.dict" ] && set -- "$@" -dict="$here/$name.dict"
	set -- "$@" "$work"
	[ -d "$here/corpus/$name" ] && set -- "$@" "$here/corpus/$name"
	if ! "$bin" "$@" >"$build/$name.log" 2>&1; then
		tail -n 40 "$build/$name.log"
		echo "== $name: FAILED, inputs in $art" >&2
		status=1
	else
		grep -E "stat::number_of_executed_units|cov:" \
		    "$build/$name.log" | tail -n 2
	fi
done
if [ "$n" = 0 ]; then
	echo "run.sh: no fuzz targets in $build/tests/fuzz (configure with" \
	    "-DSTRATUS_FUZZ=ON and CC=clang)" >&2
	exit 2
fi
exit $status
