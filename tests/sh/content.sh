#!/bin/sh
# content.sh: the bundled knowledge base and talk keep the promises of
# their issues: a clean check, every note within three links of the hub,
# 250-900 words each, the Spanish translations (at least 90 % of their
# English word count, linking their Spanish siblings), one copy of the
# cold-start table and of the cost example (embedded elsewhere) with every
# repeated figure agreeing, no end-of-life Bedrock model ID, terraform
# snippets that use only the module's inputs, link labels that read as
# prose, and a talk of 16+ slides with notes, reveals and columns that
# fits 80x24 and never opens a slide on its title alone.
set -u
TMPDIR_=$(mktemp -d); trap 'rm -rf "$TMPDIR_"' EXIT
. "$SRCDIR/tests/lib.sh"

V="$SRCDIR/content"
"$STRATUS" --vault "$V" check || fail "check reports problems in content/"

"$STRATUS" --vault "$V" graph --format json > "$TMPDIR_/all.json" || fail "graph"
"$STRATUS" --vault "$V" graph --format json --depth 3 start-here > "$TMPDIR_/hub.json" ||
	fail "graph around start-here"
python3 - "$TMPDIR_/all.json" "$TMPDIR_/hub.json" <<'PY' || fail "notes out of reach of the hub"
import json, sys
every = {n["slug"] for n in json.load(open(sys.argv[1]))["nodes"]}
near = {n["slug"] for n in json.load(open(sys.argv[2]))["nodes"]}
missing = every - near
assert len(every) >= 32, len(every)
assert not missing, missing
PY

python3 - "$V" <<'PY' || fail "bundled notes"
import os, re, sys
root = sys.argv[1]
seen = {}
for d, _, files in os.walk(root):
    for f in files:
        if not f.endswith(".md"):
            continue
        text = open(os.path.join(d, f), encoding="utf-8").read()
        assert text.startswith("---\n"), f
        fm, body = text[4:].split("\n---\n", 1)
        for key in ("title", "summary", "type", "status", "tags", "lang",
                    "concepts", "created", "updated"):
            assert re.search(r"^%s:" % key, fm, re.M), (f, key)
        words = len(body.split())
        assert 250 <= words <= 900, (f, words)
        seen[os.path.relpath(os.path.join(d, f), root)] = text
for slug in ("serverless", "aws-lambda", "cold-starts", "amazon-dynamodb",
             "event-driven-architecture"):
    es = "concepts/%s.es.md" % slug
    assert es in seen and "lang: es" in seen[es], es
assert "función" in seen["concepts/serverless.es.md"]
s = seen["concepts/serverless.md"]
for figure in ("$1.03", "$103", "$9.01", "8.7 million"):
    assert figure in s, figure
PY

python3 "$SRCDIR/tests/sh/content_facts.py" "$V" "$SRCDIR/slides/serverless-first.md" ||
	fail "facts, figures, links or snippets in the bundled notes"

# The talk: 16+ slides, notes on the content slides, reveals, columns.
T="$SRCDIR/slides/serverless-first.md"
"$STRATUS" deck check "$T" || fail "deck check reports problems in the talk"
python3 - "$T" <<'PY' || fail "the talk"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
assert re.search(r"^title:", text, re.M) and re.search(r"^duration:", text, re.M)
assert len(re.findall(r"<v-clicks?", text)) >= 3
assert "layout: two-cols" in text
assert len(re.findall(r"^# ", text, re.M)) >= 16
PY
"$STRATUS" deck print --width 80 --height 24 "$T" > "$TMPDIR_/frames" || fail "deck print"
n=$(tr -cd '\f' < "$TMPDIR_/frames" | wc -c)
[ "$n" -ge 16 ] || fail "deck print gave only $n frames"
python3 - "$TMPDIR_/frames" <<'PY' || fail "the talk's frames"
import sys
frames = open(sys.argv[1], encoding="utf-8").read().split("\f\n")
frames = [f for f in frames if f.strip()]
for i, f in enumerate(frames, 1):
    rows = [r for r in f.split("\n") if r.strip()][:-1]  # footer off
    # a title and its underline alone: the slide opens on nothing
    assert len(rows) > 2, "frame %d shows only its title" % i
cross = [f for f in frames if "The cost crossover" in f]
assert cross, "no crossover slide"
for f in cross:
    row = [r for r in f.split("\n") if "Lambda, 256 MB" in r]
    assert row and "Fargate" in row[0], "crossover columns start on different rows"
last = frames[-1]
assert "Thank you" not in last, "the talk ends on a bare thank-you"
PY
pass
