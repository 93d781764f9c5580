#!/bin/sh
# bench/sync.sh: stratus sync against the local stand-ins (dynalite and
# s3rver, as the tests run them) with a vault of N notes (default 1000):
# the first push, a no-op sync, and a sync after 10 notes changed. Prints
# wall time and the number of requests of each as a Markdown table.
# Targets (bench/sync.md): no-op <= N/100 + a constant requests and < 1 s;
# first push of 1,000 notes < 15 s.
#
# usage: sh bench/sync.sh [path/to/stratus] [N]
set -eu
SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
STRATUS=${1:-$SRCDIR/build/stratus}
N=${2:-1000}
export SRCDIR
[ -x "$STRATUS" ] || { echo "bench/sync.sh: no binary at $STRATUS" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stratus-bench.XXXXXX")
export WORK
export XDG_CONFIG_HOME="$WORK/config" XDG_CACHE_HOME="$WORK/cache"
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
mkdir -p "$V/concepts"
i=1
while [ "$i" -le "$N" ]; do
	a=$(( (i * 7) % N + 1 ))
	b=$(( (i * 13) % N + 1 ))
	{
		printf -- '---\ntitle: "Bench note %d"\nsummary: "Note %d of the sync benchmark."\n' "$i" "$i"
		printf 'type: concept\nstatus: seed\ntags: [bench, t%d]\nconcepts: [bench-%d]\n---\n\n' \
		    $((i % 10)) "$a"
		printf '# Bench note %d\n\nSee [[bench-%d]]. ' "$i" "$b"
		j=0
		while [ "$j" -lt 20 ]; do
			printf 'Serverless text for the benchmark, line %d of note %d.\n' "$j" "$i"
			j=$((j + 1))
		done
	} >"$V/concepts/bench-$i.md"
	i=$((i + 1))
done

run() { # label args...
	label=$1
	shift
	t0=$(date +%s.%N)
	"$STRATUS" --vault "$V" sync "$@" >"$WORK/out" 2>"$WORK/err" ||
	    { cat "$WORK/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	req=$(sed -n 's/.*(\([0-9]*\) requests.*/\1/p' "$WORK/out")
	printf '| %s | %d | %s s | %s |\n' "$label" "$N" \
	    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" "$req"
}

echo "| run | notes | wall | requests |"
echo "|---|---|---|---|"
run "first push"
run "no-op sync"
i=1
while [ "$i" -le 10 ]; do
	echo "Changed for the benchmark." >>"$V/concepts/bench-$(( i * 97 % N + 1 )).md"
	i=$((i + 1))
done
run "10 notes changed"
run "no-op sync again"
