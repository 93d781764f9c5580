#!/bin/sh
# search_quality.sh: search answers fast on hostile notes and shows each
# match in a clean snippet (the ranking of named notes is in
# tests/unit/test_search.c).
#  1. a 4 MB note of one sentence repeated (100,000+ hits of its words)
#     beside small notes: every query answers in well under the limit
#     (FTS5's snippet() took minutes: issue 12);
#  2. snippets of notes with tables and box drawings show the match and
#     no padding (tests/data/vaults/tables; issue 10).
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
LIMIT=${STRATUS_TEST_TIMEOUT:-20}

# --- 1. a note of 4 MB with hundreds of thousands of hits ------------
V="$T/big"
mkdir -p "$V"
python3 - "$V" <<'PY' || fail "cannot write the big note"
import sys
s = ("Serverless functions scale to zero when no request arrives, so "
     "serverless costs follow traffic. ")
with open(sys.argv[1] + "/big.md", "w") as f:
    f.write("# Big\n\n" + s * (4 * 1024 * 1024 // len(s)))
with open(sys.argv[1] + "/small.md", "w") as f:
    f.write("# Small\n\nA small note about serverless queues.\n")
with open(sys.argv[1] + "/other.md", "w") as f:
    f.write("# Other\n\nNothing to see.\n")
PY
"$STRATUS" --vault "$V" index >/dev/null || fail "index of the big note"
for q in serverless 'serverless traffic' '"costs follow"' serv 'zero OR other' 'scale -nothing'; do
	out=$(timeout "$LIMIT" "$STRATUS" --vault "$V" search --json "$q")
	rc=$?
	[ $rc -ne 124 ] || fail "search '$q' on a 4 MB note ran over ${LIMIT}s"
	[ $rc -eq 0 ] || fail "search '$q' exited $rc"
	printf '%s' "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
big = [h for h in r if h["path"] == "big.md"]
assert big, r
assert "**" in big[0]["snippet"], big[0]["snippet"]
assert len(big[0]["snippet"]) < 400, len(big[0]["snippet"])
' || fail "search '$q': the big note or its snippet is wrong"
done

# --- 2. snippets of tables and drawings ------------------------------
V="$TESTDATA/vaults/tables"
for q in thumbnailer ledger quarantine SEV2 orderbook 'secondary page'; do
	"$STRATUS" --vault "$V" search --json "$q" | python3 -c '
import json, re, sys
r = json.load(sys.stdin)
assert r, "nothing found"
s = r[0]["snippet"]
assert re.search(r"\*\*[^*]+\*\*", s), "no match shown: %r" % s
assert "  " not in s, "padding kept: %r" % s
assert not re.search("[\u2500-\u257f]", s), "box drawing kept: %r" % s
assert "||" not in s and "| |" not in s, "empty cells kept: %r" % s
assert len(s) < 300, s
' || fail "snippet for '$q'"
done
pass
