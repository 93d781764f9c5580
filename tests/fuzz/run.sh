#!/bin/sh
# Run every libFuzzer target of a fuzz build for a bounded time:
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS
# For each target fuzz_NAME: first the regression inputs in
# tests/fuzz/regress/fuzz_NAME/ (crashes found before, each run once),
# then SECONDS of fuzzing from the seeds in tests/fuzz/corpus/fuzz_NAME/
# with the dictionary tests/fuzz/fuzz_NAME.dict when there is one. New
# crashes are written to BUILD_DIR/fuzz-artifacts/fuzz_NAME/: copy them
# into regress/ (and a unit test) once fixed. Exit status 1 when any
# target failed.
set -u
build=${1:?usage: run.sh BUILD_DIR SECONDS}
secs=${2:-60}
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
		if ! "$bin" -rss_limit_mb=2048 "$here/regress/$name"/* \
		    >"$build/$name.regress.log" 2>&1; then
			tail -n 30 "$build/$name.regress.log"
			echo "== $name: a regression input fails" >&2
			status=1
			continue
		fi
	fi
	echo "== $name: fuzzing for ${secs}s"
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=65536 -artifact_prefix="$art" -print_final_stats=1
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
