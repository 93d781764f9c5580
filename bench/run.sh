#!/bin/sh
# run.sh: the index and search benchmarks (make bench):
#   sh bench/run.sh build/stratus
# Makes vaults of 1k, 10k and 100k notes (bench/gen.py, cached in
# $BENCH_DIR), then measures, as medians of several runs: the full index,
# a no-op update, an update after one file changed, search latency (p50,
# p99) over 50 queries, a backlinks query and peak memory; and, as
# baselines, rg -l -i for the same words and the sqlite3 shell loading
# the same files into a bare FTS5 table. The measured tables replace the
# part of bench/RESULTS.md between its "results" markers; the rest of
# that file (the reading of the numbers) is kept.
#
# Times come from the stratus binary (what a user waits for) and from
# stratus-bench, the in-process driver (bench/bench.c: no process start,
# CPU time beside wall time, which matters on a shared machine).
# Environment: BENCH_DIR (default /tmp/stratus-bench), BENCH_SIZES
# (default "1000 10000 100000"), BENCH_QUICK=1 (fewer runs).
set -eu

stratus=${1:?usage: sh bench/run.sh path/to/stratus}
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
build=$(cd "$(dirname "$stratus")" && pwd)
stratus="$build/$(basename "$stratus")"
work=${BENCH_DIR:-/tmp/stratus-bench}
sizes=${BENCH_SIZES:-"1000 10000 100000"}
out="$here/RESULTS.md"
tab="$work/tables.md"
t0=$(date +%s)

need() {
	command -v "$1" >/dev/null 2>&1 || {
		echo "run.sh: $1 is needed (sh scripts/deps.sh installs it)" >&2
		exit 2
	}
}
need python3
need sqlite3
need rg
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is needed" >&2; exit 2; }
[ -x "$stratus" ] || { echo "run.sh: $stratus: no such program" >&2; exit 2; }
mkdir -p "$work"

# The in-process driver: built by CMake (bench/CMakeLists.txt) or here.
driver="$build/bench/stratus-bench"
if [ ! -x "$driver" ]; then
	driver="$work/stratus-bench"
	# One archive per layer, users before what they use.
	libs=
	for layer in cli deck sync tui render core; do
		libs="$libs $build/libstratus_$layer.a"
	done
	if [ ! -x "$driver" ] || [ "$here/bench.c" -nt "$driver" ] ||
	    [ "$build/libstratus_core.a" -nt "$driver" ]; then
		echo "building $driver"
		# shellcheck disable=SC2046,SC2086
		cc -std=c11 -D_GNU_SOURCE -O2 -I"$top/src" "$here/bench.c" \
		    $libs -o "$driver" $(pkg-config --libs \
		    ncursesw libcmark-gfm sqlite3 libcurl yaml-0.1 libcjson \
		    libcrypto) -lcmark-gfm-extensions -lm
	fi
fi

# --- helpers ---------------------------------------------------------

median() { sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]; else print "-"}'; }
# run a command, append "wall cpu maxrss_kb" to $1 (wall in ns
# resolution from date; CPU and memory from /usr/bin/time)
timed() {
	f=$1
	shift
	a=$(date +%s%N)
	/usr/bin/time -f "%U %S %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/err.out" || {
		echo "run.sh: failed: $*" >&2
		tail -n 5 "$work/err.out" >&2
		exit 1
	}
	b=$(date +%s%N)
	awk -v w=$((b - a)) '{printf "%.4f %.4f %d\n", w / 1e9, $1 + $2, $3}' "$work/time.out" >>"$f"
}
col() { awk -v c="$1" '{print $c}' "$2" | median; }
ms() { awk -v s="$1" 'BEGIN {if (s == "-") print "-"; else printf "%.1f", s * 1000}'; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b + 0 == 0) print "-"; else printf "%.2f", a / b}'; }
key() { awk -v k="$1" '$1 == k {print $2}' "$2"; }

# --- the machine -----------------------------------------------------

cpu=$(lscpu 2>/dev/null | awk -F: '/Model name/ {sub(/^ +/, "", $2); print $2; exit}')
ncpu=$(nproc)
mem=$(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
sqlv=$(sqlite3 --version | cut -d' ' -f1)
rgv=$(rg --version | head -n 1)

python3 "$here/gen.py" --queries >"$work/queries.txt"

{
	echo "Machine: $cpu, $ncpu CPUs (nproc), $mem; load average at start: $load0."
	echo "Run: $(date -u +%Y-%m-%dT%H:%MZ); sqlite3 $sqlv; $rgv; stratus $("$stratus" --version 2>/dev/null | head -n 1)."
	echo
} >"$tab"

for n in $sizes; do
	case $n in
	1000) label=1k; runs=5; nsearch=10; nrg=50 ;;
	10000) label=10k; runs=5; nsearch=5; nrg=50 ;;
	100000) label=100k; runs=2; nsearch=3; nrg=10 ;;
	*) label=$n; runs=3; nsearch=3; nrg=20 ;;
	esac
	if [ "${BENCH_QUICK:-0}" = 1 ]; then
		runs=2
		nsearch=2
		nrg=10
	fi
	vault="$work/vault-$n"
	stamp="$work/vault-$n.stamp"
	want=$(cksum <"$here/gen.py" | cut -d' ' -f1)
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		echo "== generating $label notes"
		rm -rf "$vault"
		python3 "$here/gen.py" "$n" "$vault"
		echo "$want" >"$stamp"
	fi
	nfiles=$(find "$vault" -name '*.md' | wc -l | tr -d ' ')
	mbytes=$(du -sm "$vault" | cut -f1)
	cache="$work/cache-$n"
	db="$work/driver-$n.db"
	r="$work/r-$n"
	rm -rf "$r"
	mkdir -p "$r"
	echo "== $label notes ($nfiles files, $mbytes MB), $runs runs"

	# baseline: the sqlite3 shell, a bare FTS5 table of the same files
	i=0
	while [ $i -lt $runs ]; do
		rm -f "$work/bare.db"
		timed "$r/bare" sqlite3 "$work/bare.db" "CREATE VIRTUAL TABLE t USING fts5(path, body); INSERT INTO t SELECT name, data FROM fsdir('$vault') WHERE name LIKE '%.md';"
		i=$((i + 1))
	done
	rm -f "$work/bare.db"

	# full index with the binary, from nothing
	i=0
	while [ $i -lt $runs ]; do
		rm -rf "$cache"
		timed "$r/full" env XDG_CACHE_HOME="$cache" "$stratus" --vault "$vault" index
		i=$((i + 1))
	done
	# no-op update
	i=0
	while [ $i -lt 10 ]; do
		timed "$r/noop" env XDG_CACHE_HOME="$cache" "$stratus" --vault "$vault" index
		i=$((i + 1))
	done
	# one file changed
	file=$(cd "$vault" && find . -name '*.md' | sort | sed -n '2p')
	cp "$vault/$file" "$work/orig.md"
	i=0
	while [ $i -lt 10 ]; do
		cp "$work/orig.md" "$vault/$file"
		[ $((i % 2)) = 0 ] && echo "one more line $i" >>"$vault/$file"
		timed "$r/one" env XDG_CACHE_HOME="$cache" "$stratus" --vault "$vault" index
		i=$((i + 1))
	done
	cp "$work/orig.md" "$vault/$file"
	touch -r "$work/orig.md" "$vault/$file"

	# the in-process driver: index, no-op, one file, search, backlinks
	rm -f "$db" "$db-wal" "$db-shm"
	"$driver" "$vault" "$db" index >"$r/d-index"
	"$driver" "$vault" "$db" noop 20 >"$r/d-noop"
	"$driver" "$vault" "$db" onefile 20 "$file" >"$r/d-one"
	"$driver" "$vault" "$db" addfile 5 >"$r/d-add"
	"$driver" "$vault" "$db" search "$nsearch" "$work/queries.txt" >"$r/d-search"
	slug=$(sqlite3 "$db" "SELECT t.slug FROM links l JOIN docs t ON t.id = l.dst GROUP BY t.slug ORDER BY count(*) DESC, t.slug LIMIT 1")
	"$driver" "$vault" "$db" backlinks 200 "$slug" >"$r/d-back"
	i=0
	while [ $i -lt 5 ]; do
		timed "$r/back" env XDG_CACHE_HOME="$cache" "$stratus" --vault "$vault" backlinks --json "$slug"
		i=$((i + 1))
	done
	# search through the binary (process start and the no-op update included)
	head -n 10 "$work/queries.txt" | while IFS= read -r q; do
		timed "$r/cli-search" env XDG_CACHE_HOME="$cache" "$stratus" --vault "$vault" search --json --limit 20 "$q"
	done

	# baseline: rg -l -i for the words of each query
	head -n "$nrg" "$work/queries.txt" | while IFS= read -r q; do
		set --
		for w in $(printf '%s\n' "$q" | LC_ALL=C tr -c 'a-zA-Z0-9\n\200-\377' ' '); do
			case $w in
			OR | AND | NOT | tag | type | status | lang | title | links | from) continue ;;
			esac
			set -- "$@" -e "$w"
		done
		[ $# -gt 0 ] || continue
		a=$(date +%s%N)
		/usr/bin/time -f "%U %S %M" -o "$work/time.out" rg -l -i -F "$@" "$vault" >/dev/null 2>&1 || true
		b=$(date +%s%N)
		awk -v w=$((b - a)) '{printf "%.4f %.4f %d\n", w / 1e9, $1 + $2, $3}' "$work/time.out" >>"$r/rg"
	done

	# --- this size's table -------------------------------------------
	bare_w=$(col 1 "$r/bare"); bare_c=$(col 2 "$r/bare")
	full_w=$(col 1 "$r/full"); full_c=$(col 2 "$r/full")
	full_m=$(awk '{print $3}' "$r/full" | sort -n | tail -n 1)
	noop_w=$(col 1 "$r/noop"); one_w=$(col 1 "$r/one")
	rg_w=$(col 1 "$r/rg")
	s50=$(key search_p50_ms "$r/d-search"); s99=$(key search_p99_ms "$r/d-search")
	c50=$(key search_cpu_p50_ms "$r/d-search"); c99=$(key search_cpu_p99_ms "$r/d-search")
	cli_s=$(col 1 "$r/cli-search")
	back_w=$(col 1 "$r/back")
	{
		echo "### $label notes ($nfiles files, $mbytes MB; $runs runs, medians)"
		echo
		echo "| measure | stratus | baseline | ratio | target |"
		echo "|---|---|---|---|---|"
		echo "| full index, wall (binary) | $(ms "$full_w") ms | bare FTS5 load $(ms "$bare_w") ms | $(ratio "$full_w" "$bare_w")x | <= 2x |"
		echo "| full index, CPU (binary) | $(ms "$full_c") ms | bare FTS5 load $(ms "$bare_c") ms | $(ratio "$full_c" "$bare_c")x | |"
		echo "| full index, in process | $(key index_ms "$r/d-index") ms wall, $(key cpu_ms "$r/d-index") ms CPU | | | |"
		echo "| no-op update (binary, whole process) | $(ms "$noop_w") ms | | | <= 50 ms |"
		echo "| no-op update, in process | p50 $(key noop_p50_ms "$r/d-noop") ms, p99 $(key noop_p99_ms "$r/d-noop") ms (CPU p50 $(key noop_cpu_p50_ms "$r/d-noop") ms) | | | <= 50 ms |"
		echo "| one file changed (binary, whole process) | $(ms "$one_w") ms | | | <= 50 ms |"
		echo "| one file changed, in process | p50 $(key onefile_p50_ms "$r/d-one") ms, p99 $(key onefile_p99_ms "$r/d-one") ms (CPU p50 $(key onefile_cpu_p50_ms "$r/d-one") ms) | | | <= 50 ms |"
		echo "| a note added (the links by its names resolved again), in process | p50 $(key addfile_p50_ms "$r/d-add") ms; removed: p50 $(key removefile_p50_ms "$r/d-add") ms | | | |"
		echo "| search, in process, 50 queries x $nsearch | p50 $s50 ms, p99 $s99 ms (CPU p50 $c50, p99 $c99 ms) | rg -l -i median $(ms "$rg_w") ms | rg / p50: $(ratio "$(ms "$rg_w")" "$s50")x, rg / p99: $(ratio "$(ms "$rg_w")" "$s99")x | p99 <= 5 ms, >= 50x |"
		echo "| search (binary, 10 queries, whole process) | $(ms "$cli_s") ms | | | |"
		echo "| backlinks of $slug ($(key backlinks_rows "$r/d-back") rows), in process | p50 $(key backlinks_p50_ms "$r/d-back") ms, p99 $(key backlinks_p99_ms "$r/d-back") ms | | | |"
		echo "| backlinks --json (binary, whole process) | $(ms "$back_w") ms | | | |"
		echo "| peak memory, full index (binary) | $(mb "$full_m") MB | bare FTS5 load $(mb "$(awk '{print $3}' "$r/bare" | sort -n | tail -n 1)") MB | | <= 64 MB |"
		echo
	} >>"$tab"
	echo "   full $(ms "$full_w") ms (bare $(ms "$bare_w") ms), no-op $(ms "$noop_w") ms, one file $(ms "$one_w") ms, search p50 $s50 p99 $s99 ms, rg $(ms "$rg_w") ms, peak $(mb "$full_m") MB"
done
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); the whole run took $(( $(date +%s) - t0 )) s." >>"$tab"

# Replace the measured part of RESULTS.md, keep the rest.
begin='<!-- results: begin (written by bench/run.sh) -->'
end='<!-- results: end -->'
if [ -f "$out" ] && grep -qF "$begin" "$out"; then
	awk -v b="$begin" -v e="$end" -v t="$tab" '
		$0 == b {print; while ((getline l < t) > 0) print l; skip = 1; next}
		$0 == e {skip = 0}
		!skip {print}' "$out" >"$work/RESULTS.md"
else
	{ echo "# stratus benchmarks"; echo; echo "$begin"; cat "$tab"; echo "$end"; } >"$work/RESULTS.md"
fi
cp "$work/RESULTS.md" "$out"
echo "results in $out ($(( $(date +%s) - t0 )) s)"
