#!/bin/sh
# sync_roundtrip.sh: stratus sync against real stand-ins (dynalite and
# s3rver on free ports): the first push of the bundled notes, a no-op sync,
# a local edit pushed, a remote edit (written as another client would)
# pulled, a node captured on the web pulled, both edited (a conflict, its
# status and resolution), edges others created kept, deletes both ways,
# and wrong credentials (a clear error, nothing changed).
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start
# the pushes go a few notes at a time, as a large vault's do (PUSH_BATCH)
export STRATUS_TEST_PUSH_BATCH=7
# ... and the plan reads the bases a few at a time (PLAN_CHUNK)
export STRATUS_TEST_PLAN_CHUNK=3

V="$WORK/vault"
cp -R "$SRCDIR/content" "$V"
S() { "$STRATUS" --vault "$V" sync "$@"; }
now() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
# the body of a note file: what follows its frontmatter
body_of() { awk 'n>=2{print} /^---$/{n++}' "$1"; }

# --- dry run: a plan, nothing changed ---------------------------------
S --dry-run >"$WORK/plan" || fail "dry run failed"
grep -q '^push (new) .*concepts/aws-lambda' "$WORK/plan" || fail "plan: $(cat "$WORK/plan")"
nodes=$(grep -c '^push (new)' "$WORK/plan")
[ "$nodes" -ge 20 ] || fail "only $nodes nodes planned"
[ "$(count_items META)" = 0 ] || fail "dry run wrote to the table"
[ ! -e "$V/.stratus" ] || fail "dry run wrote to the vault"
"$STRATUS" --vault "$V" sync status >"$WORK/st" || fail "status before any sync"
grep -q 'last sync: never' "$WORK/st" || fail "status: $(cat "$WORK/st")"
[ ! -e "$V/.stratus" ] || fail "status wrote to the vault"

# --- first push -------------------------------------------------------
S >"$WORK/out" 2>"$WORK/err" || fail "first push: $(cat "$WORK/err")"
grep -q "pushed $nodes," "$WORK/out" || fail "first push: $(cat "$WORK/out")"
[ "$(count_items META)" = "$nodes" ] || fail "META items: $(count_items META), want $nodes"
meta aws-lambda >"$WORK/m"
grep -q '"title_es":{"S":"AWS Lambda"}' "$WORK/m" || fail "title_es: $(cat "$WORK/m")"
grep -q '"node_type":{"S":"concept"}' "$WORK/m" || fail "node_type"
grep -q '"created_by":{"S":"stratus"}' "$WORK/m" || fail "created_by"
grep -q '"GSI2PK":{"S":"STATUS#evergreen"}' "$WORK/m" || fail "GSI2PK"
grep -q '"summary_es":{"S":"Funciones como servicio' "$WORK/m" || fail "summary_es"
s3_get content/concept/aws-lambda/body.en.mdx >"$WORK/b.en"
body_of "$V/concepts/aws-lambda.md" | cmp -s - "$WORK/b.en" || fail "English body differs"
s3_get content/concept/aws-lambda/body.mdx >"$WORK/b.es"
body_of "$V/concepts/aws-lambda.es.md" | cmp -s - "$WORK/b.es" || fail "Spanish body differs"
ddb Query "{\"TableName\":\"$TABLE\",\"KeyConditionExpression\":\"PK = :p AND begins_with(SK, :e)\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#aws-lambda\"},\":e\":{\"S\":\"EDGE#\"}}}" >"$WORK/e"
for t in serverless cold-starts amazon-api-gateway amazon-sqs aws-sam; do
	grep -q "\"EDGE#$t\"" "$WORK/e" || fail "edge aws-lambda -> $t missing"
done
grep -q '"edge_type":{"S":"related"}' "$WORK/e" || fail "edge_type"
[ "$(count_items CACHE_VERSION)" = 1 ] || fail "cache version not bumped"
[ "$(count_items NODE#)" -ge "$nodes" ] || fail "audit items missing"
[ -s "$V/.stratus/sync.db" ] || fail "no sync.db in the vault"

# --- no-op ------------------------------------------------------------
S >"$WORK/out" || fail "no-op sync"
grep -q 'pushed 0, pulled 0, deleted 0' "$WORK/out" || fail "no-op: $(cat "$WORK/out")"
grep -q '(3 requests' "$WORK/out" || fail "no-op made more than three requests: $(cat "$WORK/out")"

# --- a local edit pushed ----------------------------------------------
echo "A line written offline." >>"$V/concepts/amazon-sqs.md"
# status sees it offline, every other note in step (the bases planned
# three at a time, the cloud taken as each base agreed)
"$STRATUS" --vault "$V" sync status >"$WORK/st" || fail "status after an edit"
grep -Eq '^  edited +concepts/amazon-sqs.md$' "$WORK/st" || fail "status: $(cat "$WORK/st")"
[ "$(grep -c '^  ' "$WORK/st")" = 1 ] || fail "status lists more: $(cat "$WORK/st")"
before=$(meta amazon-sqs | sed -n 's/.*"updated_at":{"S":"\([^"]*\)".*/\1/p')
S >"$WORK/out" || fail "push of an edit"
grep -q 'pushed 1,' "$WORK/out" || fail "edit: $(cat "$WORK/out")"
s3_get content/concept/amazon-sqs/body.en.mdx | grep -q "A line written offline." || fail "edit not in S3"
after=$(meta amazon-sqs | sed -n 's/.*"updated_at":{"S":"\([^"]*\)".*/\1/p')
[ "$before" != "$after" ] || fail "updated_at not bumped"

# --- a remote edit pulled (as another client would write it) ---------
t=$(now)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#amazon-sns\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_en = :t, updated_at = :u, extra_attr = :x\",\"ConditionExpression\":\"attribute_exists(PK)\",\"ExpressionAttributeValues\":{\":t\":{\"S\":\"Amazon SNS, edited on the web\"},\":u\":{\"S\":\"$t\"},\":x\":{\"S\":\"kept\"}}}" >/dev/null
printf '\n# Amazon SNS\n\nRewritten in the web app.\n' >"$WORK/sns"
s3_put content/concept/amazon-sns/body.en.mdx "$WORK/sns"
S >"$WORK/out" || fail "pull of a remote edit"
grep -q 'pulled 1,' "$WORK/out" || fail "remote edit: $(cat "$WORK/out")"
grep -q 'Rewritten in the web app.' "$V/concepts/amazon-sns.md" || fail "body not pulled"
grep -q 'title: .*Amazon SNS, edited on the web' "$V/concepts/amazon-sns.md" || fail "title not pulled: $(head -20 "$V/concepts/amazon-sns.md")"
grep -q '^concepts:' "$V/concepts/amazon-sns.md" || fail "concepts not rebuilt"
S >"$WORK/out" || fail "sync after pull"
meta amazon-sns | grep -q '"extra_attr":{"S":"kept"}' || fail "unknown attribute lost"

# --- a node captured on the web ---------------------------------------
t=$(now)
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#web-capture\"},\"SK\":{\"S\":\"META\"},\"slug\":{\"S\":\"web-capture\"},\"node_type\":{\"S\":\"note\"},\"status\":{\"S\":\"seed\"},\"title\":{\"S\":\"Captura web\"},\"title_es\":{\"S\":\"Captura web\"},\"title_en\":{\"S\":\"Web capture\"},\"summary_es\":{\"S\":\"Resumen\"},\"summary_en\":{\"S\":\"Summary\"},\"tags\":{\"L\":[{\"S\":\"web\"}]},\"created_at\":{\"S\":\"$t\"},\"updated_at\":{\"S\":\"$t\"},\"created_by\":{\"S\":\"agent\"}}}" >/dev/null
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#web-capture\"},\"SK\":{\"S\":\"EDGE#serverless\"},\"edge_type\":{\"S\":\"related\"},\"created_at\":{\"S\":\"$t\"},\"created_by\":{\"S\":\"agent\"}}}" >/dev/null
printf '\n# Captura web\n\nTexto capturado.\n' >"$WORK/wc.es"
printf '\n# Web capture\n\nCaptured text.\n' >"$WORK/wc.en"
s3_put content/note/web-capture/body.mdx "$WORK/wc.es"
s3_put content/note/web-capture/body.en.mdx "$WORK/wc.en"
S >"$WORK/out" || fail "pull of a new node"
[ -f "$V/notes/web-capture.md" ] || fail "notes/web-capture.md not written"
[ -f "$V/notes/web-capture.es.md" ] || fail "notes/web-capture.es.md not written"
grep -q 'Captured text.' "$V/notes/web-capture.md" || fail "English body"
grep -q 'Texto capturado.' "$V/notes/web-capture.es.md" || fail "Spanish body"
grep -q 'serverless' "$V/notes/web-capture.md" || fail "concepts from EDGE items"

# --- edges: others' kept, a link removed here removed there ----------
mkdir -p "$V/notes"
printf -- '---\ntitle: Edge test\nconcepts: [serverless, finops]\n---\n\nBody.\n' >"$V/notes/edge-test.md"
S >/dev/null || fail "push of edge-test"
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#edge-test\"},\"SK\":{\"S\":\"EDGE#amazon-s3\"},\"edge_type\":{\"S\":\"related\"},\"created_at\":{\"S\":\"$t\"},\"created_by\":{\"S\":\"human\"}}}" >/dev/null
printf -- '---\ntitle: Edge test\nconcepts: [serverless]\n---\n\nBody.\n' >"$V/notes/edge-test.md"
S >/dev/null || fail "push of a removed link"
ddb Query "{\"TableName\":\"$TABLE\",\"KeyConditionExpression\":\"PK = :p\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#edge-test\"}}}" >"$WORK/e"
grep -q '"EDGE#serverless"' "$WORK/e" || fail "kept link lost"
grep -q '"EDGE#amazon-s3"' "$WORK/e" || fail "an edge another client created was removed"
if grep -q '"EDGE#finops"' "$WORK/e"; then fail "removed link still an edge"; fi

# --- both edited: a conflict ------------------------------------------
echo "Local edit." >>"$V/concepts/amazon-s3.md"
cp "$V/concepts/amazon-s3.md" "$WORK/s3-local"
t=$(now)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#amazon-s3\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET summary_en = :s, updated_at = :u\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"Remote summary\"},\":u\":{\"S\":\"$t\"}}}" >/dev/null
rc=0
S >"$WORK/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "a conflict must exit 1, got $rc: $(cat "$WORK/out")"
cmp -s "$V/concepts/amazon-s3.md" "$WORK/s3-local" || fail "local note changed by a conflict"
ls "$V"/concepts/amazon-s3.conflict-*.md >/dev/null 2>&1 || fail "no conflict file"
grep -q 'Remote summary' "$V"/concepts/amazon-s3.conflict-*.md || fail "conflict file lacks the remote version"
s3_get content/concept/amazon-s3/body.en.mdx | grep -q 'Local edit.' && fail "a conflicting note was pushed"
rc=0
S status >"$WORK/st" || rc=$?
[ "$rc" = 1 ] || fail "status with a conflict must exit 1"
grep -q 'amazon-s3' "$WORK/st" || fail "status: $(cat "$WORK/st")"
rc=0
S >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "an open conflict must keep exit 1"
S resolve amazon-s3 --keep local >/dev/null || fail "resolve"
S >"$WORK/out" || fail "sync after resolve: $(cat "$WORK/out")"
s3_get content/concept/amazon-s3/body.en.mdx | grep -q 'Local edit.' || fail "kept local version not pushed"
S status >"$WORK/st" || fail "status after resolve: $(cat "$WORK/st")"
grep -q 'open conflicts: none' "$WORK/st" || fail "conflict still listed"
ls "$V"/concepts/amazon-s3.conflict-*.md >/dev/null 2>&1 && fail "conflict file left in the vault"

# the other way: keep the cloud's version
echo "Local edit to drop." >>"$V/concepts/amazon-bedrock.md"
sed -i 's/^lang: en$/lang: en\nmy_field: mine/' "$V/concepts/amazon-bedrock.md"
t=$(now)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#amazon-bedrock\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_en = :s, updated_at = :u\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"Bedrock from the cloud\"},\":u\":{\"S\":\"$t\"}}}" >/dev/null
rc=0
S >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "bedrock conflict"
S resolve concepts/amazon-bedrock.md --keep remote >/dev/null || fail "resolve --keep remote"
grep -q 'Bedrock from the cloud' "$V/concepts/amazon-bedrock.md" || fail "cloud version not kept"
grep -q 'Local edit to drop.' "$V/concepts/amazon-bedrock.md" && fail "local version still there"
grep -q '^my_field: mine' "$V/concepts/amazon-bedrock.md" || fail "the note's own fields were lost"
grep -q 'Local edit to drop.' "$V"/.stratus/trash/*/concepts/amazon-bedrock.md || fail "dropped version not in the trash"
ls "$V"/concepts/amazon-bedrock.conflict-* >/dev/null 2>&1 && fail "conflict file left"
S >"$WORK/out" || fail "sync after keep remote: $(cat "$WORK/out")"
grep -q 'pulled 0,' "$WORK/out" || fail "after keep remote: $(cat "$WORK/out")"
s3_get content/concept/amazon-bedrock/body.en.mdx | grep -q 'Local edit to drop.' && fail "dropped version pushed"

# --- deleted here -----------------------------------------------------
mv "$V/concepts/finops.md" "$WORK/finops.md"
"$STRATUS" --vault "$V" sync status >"$WORK/st" || fail "status after a delete"
grep -Eq '^  deleted +concepts/finops.md$' "$WORK/st" || fail "status: $(cat "$WORK/st")"
S >"$WORK/out" || fail "sync with a local delete"
grep -q 'deletes held 1' "$WORK/out" || fail "delete not held: $(cat "$WORK/out")"
[ "$(meta finops | grep -c META)" = 1 ] || fail "node deleted without --allow-delete"
S --allow-delete >"$WORK/out" || fail "sync --allow-delete"
grep -q 'deleted 1' "$WORK/out" || fail "delete: $(cat "$WORK/out")"
[ "$(meta finops)" = "{}" ] || fail "META still there"
[ "$(s3_status content/concept/finops/body.en.mdx)" = 404 ] || fail "body still there"
ddb Query "{\"TableName\":\"$TABLE\",\"KeyConditionExpression\":\"PK = :p\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#finops\"}}}" | grep -q '"Count":0' || fail "EDGE items left"

# --- deleted in the cloud ---------------------------------------------
ddb DeleteItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#nextjs\"},\"SK\":{\"S\":\"META\"}}}" >/dev/null
S >"$WORK/out" || fail "sync after a remote delete"
[ ! -e "$V/concepts/nextjs.md" ] || fail "note of a deleted node still in the vault"
ls "$V"/.stratus/trash/*/concepts/nextjs.md >/dev/null 2>&1 || fail "not moved to the trash"
# deleted there, edited here: a conflict, the note stays
echo "edited" >>"$V/concepts/aws-fargate.md"
ddb DeleteItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#aws-fargate\"},\"SK\":{\"S\":\"META\"}}}" >/dev/null
rc=0
S >"$WORK/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "remote delete + local edit must be a conflict"
[ -f "$V/concepts/aws-fargate.md" ] || fail "edited note removed"
S resolve aws-fargate --keep local >/dev/null || fail "resolve aws-fargate"
S >/dev/null || fail "re-push of aws-fargate"
meta aws-fargate | grep -q '"title_en"' || fail "aws-fargate not recreated"

# --- wrong credentials: one clear line, nothing changed ---------------
echo "Never pushed." >>"$V/concepts/amazon-sqs.md"
tree() {
	(cd "$V" && find . -path ./.stratus -prune -o -type f -print | sort |
	    xargs sha256sum)
	sqlite3 "$V/.stratus/sync.db" .dump
}
tree >"$WORK/tree-before"
rc=0
AWS_SECRET_ACCESS_KEY=wrong-secret-value "$STRATUS" --vault "$V" sync >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "wrong credentials must exit 3, got $rc"
[ "$(wc -l <"$WORK/err")" = 1 ] || fail "not one line: $(cat "$WORK/err")"
grep -q 'InvalidSignatureException\|SignatureDoesNotMatch' "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
grep -q 'wrong-secret-value' "$WORK/err" "$WORK/out" && fail "the secret was printed"
s3_get content/concept/amazon-sqs/body.en.mdx | grep -q 'Never pushed.' && fail "pushed with wrong credentials"
rc=0
AWS_ACCESS_KEY_ID=AKIDUNKNOWN "$STRATUS" --vault "$V" sync >/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "unknown key must exit 3"
grep -q 'UnrecognizedClientException' "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
tree >"$WORK/tree-after"
cmp -s "$WORK/tree-before" "$WORK/tree-after" || fail "the vault or its sync state changed"
echo "sync_roundtrip: ok"
