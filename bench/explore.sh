#!/bin/sh
# explore.sh: the explorer's benchmarks on generated vaults (bench/gen.py):
# start to first full frame with a warm index, keystroke to updated search
# results, quick open, opening the graph, and peak memory. See
# bench/explore.md for the method and the last numbers.
#
#   sh bench/explore.sh [STRATUS] [N...]     (default: build/stratus 10000 100000)
#
# Vaults are generated once into $STRATUS_BENCH_DIR (default
# /tmp/stratus-bench) and their indexes kept in $STRATUS_BENCH_DIR/cache.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
stratus=${1:-build/stratus}
[ $# -gt 0 ] && shift
sizes=${*:-10000 100000}
dir=${STRATUS_BENCH_DIR:-/tmp/stratus-bench}
case $stratus in /*) ;; *) stratus=$(pwd)/$stratus ;; esac
[ -x "$stratus" ] || { echo "explore.sh: no binary $stratus" >&2; exit 2; }
export XDG_CACHE_HOME="$dir/cache"
export XDG_CONFIG_HOME="$dir/config"
mkdir -p "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
unset STRATUS_VAULT NO_COLOR

printf '| notes | first frame ms (median, max) | key to echo p99 ms | key to first results p50 / p99 ms | key to every results frame p50 / p99 / max ms | first results seen outside, p99 | quick open p99 ms | graph ms | peak RSS MB |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in $sizes; do
	v="$dir/v$n"
	if [ ! -f "$v/.generated" ]; then
		rm -rf "$v"
		python3 "$here/gen.py" "$n" "$v" >/dev/null
		touch "$v/.generated"
	fi
	# Warm the index (the first run builds it).
	"$stratus" --vault "$v" index >/dev/null 2>&1
	"$stratus" --vault "$v" index >/dev/null 2>&1
	out=$(python3 "$here/explore.py" "$stratus" "$v" 5)
	eval "$out"
	printf '| %s | %s, %s | %s | %s / %s | %s / %s / %s | %s | %s | %s | %s |\n' \
	    "$n" "$first_ms" "$first_max_ms" "$echo_p99" "$first_p50" \
	    "$first_p99" "$res_p50" "$res_p99" "$res_max" "$res_ext_p99" \
	    "$quickopen_p99" "$graph_ms" "$rss_mb"
done
