#!/bin/sh
# sync_rename.sh: a note renamed with `stratus mv` is, to the cloud, a new
# slug and the old one deleted: the sync pushes the new node (both
# languages) and the notes whose links mv rewrote (their edges move to the
# new slug); the old node's delete is held until --allow-delete (the rule
# for any note deleted here), which then removes its META, its EDGE items
# and its bodies; then nothing is left to do.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
mkdir -p "$V/concepts"
printf -- '---\ntitle: Alpha\ntype: concept\n---\n\n# Alpha\n\nAlpha links [[beta]].\n' \
    >"$V/concepts/alpha.md"
printf -- '---\ntitle: Alfa\nlang: es\n---\n\n# Alfa\n\nAlfa enlaza [[beta]].\n' \
    >"$V/concepts/alpha.es.md"
printf -- '---\ntitle: Beta\ntype: concept\n---\n\n# Beta\n\nBeta builds on [[alpha]].\n' \
    >"$V/concepts/beta.md"
printf -- '---\ntitle: Gamma\ntype: concept\nconcepts:\n  - alpha\n---\n\n# Gamma\n\nGamma.\n' \
    >"$V/concepts/gamma.md"
S() { "$STRATUS" --vault "$V" sync "$@"; }
summary() { grep '^sync:' "$WORK/out"; }
edges_of() {
	ddb Query "{\"TableName\":\"$TABLE\",\"ConsistentRead\":true,\"KeyConditionExpression\":\"PK = :p AND begins_with(SK, :e)\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#$1\"},\":e\":{\"S\":\"EDGE#\"}}}" |
	    python3 -c 'import json,sys; print(" ".join(sorted(i["SK"]["S"][5:] for i in json.load(sys.stdin)["Items"])))'
}
into() {
	ddb Query "{\"TableName\":\"$TABLE\",\"IndexName\":\"GSI1\",\"KeyConditionExpression\":\"SK = :s\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"EDGE#$1\"}}}" |
	    python3 -c 'import json,sys; print(" ".join(sorted(i["PK"]["S"][5:] for i in json.load(sys.stdin)["Items"])))'
}

S >"$WORK/out" || fail "first push"
grep -q 'pushed 3,' "$WORK/out" || fail "first push: $(summary)"
[ "$(into alpha)" = "beta gamma" ] || fail "edges into alpha: $(into alpha)"

"$STRATUS" --vault "$V" mv alpha omega >/dev/null || fail "mv"
[ -f "$V/concepts/omega.md" ] && [ -f "$V/concepts/omega.es.md" ] || fail "mv did not rename"

S --dry-run >"$WORK/plan" || fail "dry run"
grep -q '^push (new) .*omega' "$WORK/plan" || fail "plan lacks the new slug: $(cat "$WORK/plan")"
grep -q '^delete held (--allow-delete) .*alpha' "$WORK/plan" ||
    fail "plan lacks the held delete: $(cat "$WORK/plan")"
grep -q '^push .*beta' "$WORK/plan" || fail "plan lacks beta: $(cat "$WORK/plan")"
grep -q '^push .*gamma' "$WORK/plan" || fail "plan lacks gamma: $(cat "$WORK/plan")"

# without --allow-delete: the new node and the rewritten links go up, the
# old node stays
S >"$WORK/out" || fail "sync after mv: $(cat "$WORK/out")"
grep -q 'pushed 3,.* deletes held 1,' "$WORK/out" || fail "after mv: $(summary)"
meta omega | grep -q '"title_en":{"S":"Alpha"}' || fail "omega META: $(meta omega)"
meta omega | grep -q '"title_es":{"S":"Alfa"}' || fail "omega's Spanish title"
[ "$(s3_status content/concept/omega/body.en.mdx)" = 200 ] || fail "omega's English body"
[ "$(s3_status content/concept/omega/body.mdx)" = 200 ] || fail "omega's Spanish body"
[ "$(edges_of omega)" = "beta" ] || fail "omega's edges: $(edges_of omega)"
[ "$(into omega)" = "beta gamma" ] || fail "edges into omega: $(into omega)"
[ "$(into alpha)" = "" ] || fail "edges still into alpha: $(into alpha)"
meta alpha | grep -q '"slug":{"S":"alpha"}' || fail "alpha deleted without --allow-delete"

# held again, not pulled back
S >"$WORK/out" || fail "second sync"
grep -q 'pushed 0, pulled 0, deleted 0,.* deletes held 1,' "$WORK/out" ||
    fail "second sync: $(summary)"
[ ! -e "$V/concepts/alpha.md" ] || fail "the old note came back"

S --allow-delete >"$WORK/out" || fail "sync --allow-delete"
grep -q 'deleted 1,' "$WORK/out" || fail "--allow-delete: $(summary)"
[ "$(meta alpha)" = "{}" ] || fail "alpha's META left: $(meta alpha)"
[ "$(edges_of alpha)" = "" ] || fail "alpha's edges left: $(edges_of alpha)"
[ "$(s3_status content/concept/alpha/body.en.mdx)" = 404 ] || fail "alpha's English body left"
[ "$(s3_status content/concept/alpha/body.mdx)" = 404 ] || fail "alpha's Spanish body left"
meta omega | grep -q '"slug":{"S":"omega"}' || fail "omega lost"

S >"$WORK/out" || fail "no-op"
grep -q 'pushed 0, pulled 0, deleted 0,.* deletes held 0, conflicts 0' "$WORK/out" ||
    fail "not in step: $(summary)"
[ ! -e "$V/concepts/alpha.md" ] || fail "the old note came back"
exit 0
