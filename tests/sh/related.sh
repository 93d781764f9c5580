#!/bin/sh
# related.sh: `stratus related` on a fixture where each signal decides a
# rank (tests/data/related-vault): linked both ways, then two shared
# links (coupling), then the notes linked from or linking to it and the
# one sharing its distinctive words, then a co-cited note, then a rare
# shared tag; the note's own translation is never related, a note with
# two languages is listed once; the reasons say why; --json, --limit;
# --semantic with no vectors says how to get them.
set -u
. "$SRCDIR/tests/lib.sh"

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r "$TESTDATA/related-vault" "$T/v"
S() { "$STRATUS" --vault "$T/v" "$@"; }

"$STRATUS" related --help | grep -q '^usage: stratus related' || fail "related --help"

S related target >"$T/out" 2>"$T/err" || fail "related failed: $(cat "$T/err")"
order=$(sed -n 's/^[^ ].*  (notes\/\([a-z-]*\)\.md)  [0-9.]*$/\1/p' "$T/out" | tr '\n' ' ')
[ "$order" = "linked coupled anchor-one anchor-two citer worded cocited tagged " ] ||
    fail "order: $order
$(cat "$T/out")"
want() { grep -qxF -- "    $1" "$T/out" || fail "no reason '$1':
$(cat "$T/out")"; }
want "linked both ways"
want "2 shared links: [[anchor-one]], [[anchor-two]]"
want "words: firecracker, snapstart"
want "1 shared link: [[citer]]"
want "tag #rare-one"
want "links to it"
want "linked from it"
grep -q "target\|Objetivo\|filler\|lonely" "$T/out" && fail "the note itself, its translation or an unrelated note listed"
[ "$(grep -c 'Linked\|Enlazada' "$T/out")" = 1 ] || fail "a note of two languages listed twice"

# by its Spanish title: the same note, the same answer
S related Objetivo >"$T/out2" || fail "related by the translation's title"
cmp -s "$T/out" "$T/out2" || fail "the translation answers differently"

S related --json --limit 3 target >"$T/json" || fail "--json"
python3 - "$T/json" <<'PY' || fail "json: $(cat "$T/json")"
import json, sys
v = json.load(open(sys.argv[1]))
assert [r["slug"] for r in v] == ["linked", "coupled", "anchor-one"], v
assert v[0]["links_to"] and v[0]["links_here"] and v[0]["links"] == 2, v[0]
assert v[1]["shared_links"] == ["anchor-one", "anchor-two"], v[1]
assert v[0]["reason"] == "linked both ways", v[0]
PY

S related lonely >/dev/null 2>"$T/err"
[ $? = 1 ] || fail "nothing related is not exit 1"
grep -q 'nothing related' "$T/err" || fail "no message: $(cat "$T/err")"

S related --semantic target >/dev/null 2>"$T/err"
[ $? = 1 ] || fail "--semantic without vectors is not exit 1"
grep -q 'no embeddings: run `stratus sync`' "$T/err" || fail "semantic message: $(cat "$T/err")"

S related nosuchnote >/dev/null 2>&1
[ $? = 1 ] || fail "unknown note is not exit 1"
S related --limit 0 target >/dev/null 2>&1
[ $? = 2 ] || fail "--limit 0 is not a usage error"
exit 0
