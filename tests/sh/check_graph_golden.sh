#!/bin/sh
# check_graph_golden.sh: `stratus check` and `stratus graph`, text and
# JSON, whole and around a note, against the golden files in
# tests/golden-checkgraph/. The vault tests/data/vaults/checkgraph has
# every kind of problem (broken links, two on one line, missing headings
# and blocks, missing attachments, an ambiguous name, orphans, a
# translation, bad YAML, an invalid byte); a file whose name holds a tab,
# quotes and a backslash is added to a copy here. The goldens were written
# by the code that built the whole graph and the list of problems in
# memory before printing; the streamed output must not differ by a byte.
# Accept a deliberate change with STRATUS_UPDATE_GOLDEN=1, and read the
# diff.
set -eu
. "$SRCDIR/tests/lib.sh"
golden="$SRCDIR/tests/golden-checkgraph"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0

cp -R "$TESTDATA/vaults/checkgraph" "$out/vault"
printf '# Awkward name\n\nA broken link [[nowhere "quoted"]] from here, and [[lambda]].\n' \
    >"$out/vault/notes/tab	here \"q\" \\ b.md"

# same NAME VAULT ARGS...: stdout, the exit status and stderr's last line
# (check's count) of stratus ARGS on VAULT against the golden NAME.
same() {
	name=$1
	vault=$2
	shift 2
	rc=0
	"$STRATUS" --vault "$vault" "$@" >"$out/$name" 2>"$out/err" || rc=$?
	{
		echo "exit $rc"
		tail -n 1 "$out/err"
	} >>"$out/$name"
	if [ -n "${STRATUS_UPDATE_GOLDEN:-}" ]; then
		cp "$out/$name" "$golden/$name"
		return
	fi
	if ! cmp -s "$golden/$name" "$out/$name"; then
		echo "FAIL: stratus $* differs from" \
		    "tests/golden-checkgraph/$name (STRATUS_UPDATE_GOLDEN=1 to" \
		    "accept):"
		diff -u "$golden/$name" "$out/$name" | head -60
		status=1
	fi
}

v="$out/vault"
same check.txt "$v" check
same check.json "$v" check --json
same graph.dot "$v" graph
same graph.json "$v" graph --format json
same graph-index.dot "$v" graph index
same graph-index-2.json "$v" graph --format json --depth 2 index
same graph-serverless-10.json "$v" graph --format json --depth 10 serverless
same graph-lonely.json "$v" graph --format json lonely
for vname in links obsidian; do
	same "$vname-check.txt" "$TESTDATA/vaults/$vname" check
	same "$vname-check.json" "$TESTDATA/vaults/$vname" check --json
	same "$vname-graph.dot" "$TESTDATA/vaults/$vname" graph
	same "$vname-graph.json" "$TESTDATA/vaults/$vname" graph --format json
done
# An empty vault: empty arrays, nothing to report.
mkdir "$out/empty"
same empty-check.json "$out/empty" check --json
same empty-graph.json "$out/empty" graph --format json
same empty-graph.dot "$out/empty" graph

# A neighbourhood of more than 2,000 notes is found in memory, not note
# by note: a hub linked with N spokes, each spoke linking the hub twice
# and the next spoke, on both sides of that line, in the same order.
for spokes in 1990 2100; do
	hv="$out/hub$spokes"
	python3 - "$hv" "$spokes" <<'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d)
with open(os.path.join(d, "hub.md"), "w") as f:
    f.write("# Hub\n\n" + " ".join("[[s%04d]]" % i for i in range(n)) +
            " [[missing]]\n")
for i in range(n):
    with open(os.path.join(d, "s%04d.md" % i), "w") as f:
        f.write("# Spoke %d\n\n[[hub]] and [[hub]]%s\n" %
                (i, " then [[s%04d]]" % (i + 1) if i + 1 < n else ""))
PY
	"$STRATUS" --vault "$hv" graph --format json --depth 1 hub \
	    >"$out/hub.json" 2>/dev/null || fail "graph around the hub ($spokes)"
	python3 - "$out/hub.json" "$spokes" <<'PY' || status=1
import json, sys
g, n = json.load(open(sys.argv[1])), int(sys.argv[2])
spokes = ["s%04d" % i for i in range(n)]
want_nodes = [("hub", 0, "Hub")] + [(s, 1, "Spoke %d" % i)
                                    for i, s in enumerate(spokes)]
got_nodes = [(x["key"], x["depth"], x["title"]) for x in g["nodes"]]
assert got_nodes == want_nodes, (n, got_nodes[:3])
want_edges = [("hub", s, 1) for s in spokes]
for i, s in enumerate(spokes):
    want_edges.append((s, "hub", 2))
    if i + 1 < n:
        want_edges.append((s, spokes[i + 1], 1))
got_edges = [(e["source"], e["target"], e["count"]) for e in g["edges"]]
assert got_edges == want_edges, (n, got_edges[:4], want_edges[:4])
assert g["unresolved"] == 1 and g["orphans"] == 0, (g["unresolved"],
                                                     g["orphans"])
PY
done
[ "$status" -eq 0 ] || exit 1
pass
