#!/bin/sh
# bench/sync.sh: stratus sync against the local stand-ins (dynalite and
# s3rver, as the tests run them) with a vault of N notes (default 1000):
# the first push, a no-op sync, a sync after 10 notes changed, after 10
# nodes retitled in the cloud (their bodies not downloaded again), after
# 10 nodes' links changed in the cloud (the edges listed), and no-op
# again. Prints wall time, requests and the bodies not downloaded of each
# as a Markdown table.
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
# a first push of 100,000 notes takes 11 to 15 minutes on 2 vCPUs: more
# than the 900 s the stand-ins live by default
export SYNC_SERVERS_LIFETIME=${SYNC_SERVERS_LIFETIME:-14400}
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
	skip=$(sed -n 's/.* \([0-9]*\) unchanged bodies not downloaded.*/\1/p' "$WORK/out")
	printf '| %s | %d | %s s | %s | %s |\n' "$label" "$N" \
	    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" "$req" "$skip"
}
now() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }

echo "| run | notes | wall | requests | bodies not downloaded |"
echo "|---|---|---|---|---|"
run "first push"
run "no-op sync"
i=1
while [ "$i" -le 10 ]; do
	echo "Changed for the benchmark." >>"$V/concepts/bench-$(( i * 97 % N + 1 )).md"
	i=$((i + 1))
done
run "10 notes changed"
# another client retitles 10 nodes: META only, the bodies stay
i=1
while [ "$i" -le 10 ]; do
	ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#bench-$(( i * 89 % N + 1 ))\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_en = :t, updated_at = :u\",\"ExpressionAttributeValues\":{\":t\":{\"S\":\"Retitled $i\"},\":u\":{\"S\":\"$(now)\"}}}" >/dev/null
	i=$((i + 1))
done
run "10 nodes retitled in the cloud"
# another client links 10 nodes to bench-1 and bumps the cache version
i=1
while [ "$i" -le 10 ]; do
	ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#bench-$(( i * 83 % N + 2 ))\"},\"SK\":{\"S\":\"EDGE#bench-1\"},\"edge_type\":{\"S\":\"related\"},\"created_at\":{\"S\":\"$(now)\"}}}" >/dev/null
	i=$((i + 1))
done
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"SYSTEM#config\"},\"SK\":{\"S\":\"CACHE_VERSION\"},\"version\":{\"S\":\"$(date +%s%3N)\"}}}" >/dev/null
run "10 nodes linked in the cloud"
run "no-op sync again"
