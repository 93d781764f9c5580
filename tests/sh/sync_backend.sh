#!/bin/sh
# sync_backend.sh: stratus sync as the backend itself behaves (CLOUD.md,
# "How the backend itself behaves"), on dynalite and s3rver:
#  - the site's own layout (tests/data/vaults/site-layout: a.mdx Spanish
#    with no lang: beside a.en.mdx, the eleven frontmatter fields, an
#    accented file name) pushed with default settings: Spanish in body.mdx,
#    the frontmatter title as the node's title, private, UTC dates, the
#    backend's word counts; pulled into an empty vault and synced back with
#    no change: zero writes, byte-identical S3 objects, no conflict;
#  - an English-only note readable with no language (body.mdx);
#  - web edits of title_es/summary_es pulled into the fields pushed;
#  - edges written by the backend's connect tool (no updated_at, no cache
#    version) pulled within the no-op request budget;
#  - stale EMBED items removed, the backfill hint printed once;
#  - audit actions only from the backend's enum;
#  - [remote] wikilinks = markdown round trip, byte for byte;
#  - a missing bucket, a bucket in another region, no s3:ListBucket;
#  - sync.db 0600 in a 0700 folder, conflict copies with the note's mode,
#    a symlinked note written through.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

A="$WORK/site"
cp -R "$SRCDIR/tests/data/vaults/site-layout" "$A"
S() { v=$1; shift; "$STRATUS" --vault "$v" sync "$@"; }
now() { date -u +%Y-%m-%dT%H:%M:%S.000Z; }
body_of() { awk 'n>=2{print} /^---$/{n++}' "$1"; }
# attr SLUG NAME: a string or number attribute of a node's META ("" none)
attr() {
	meta "$1" | python3 -c 'import json,sys
i = json.load(sys.stdin).get("Item", {}).get(sys.argv[1], {})
print(i.get("S", i.get("N", "")))' "$2"
}
# snapshot FILE: every META item and every S3 body, for comparison
snapshot() {
	ddb Scan "{\"TableName\":\"$TABLE\",\"ConsistentRead\":true}" |
	    python3 -c 'import json,sys
items = [i for i in json.load(sys.stdin)["Items"] if not i["PK"]["S"].startswith("AUDIT#")]
for i in sorted(items, key=lambda i: (i["PK"]["S"], i["SK"]["S"])):
    print(json.dumps(i, sort_keys=True))' >"$1"
	for k in $(grep '"SK": {"S": "META"}' "$1" | python3 -c 'import json,sys
for l in sys.stdin:
    i = json.loads(l)
    print("content/%s/%s" % (i["node_type"]["S"], i["slug"]["S"]))'); do
		for f in body.mdx body.en.mdx; do
			printf '%s/%s %s\n' "$k" "$f" "$(s3_get "$k/$f" 2>/dev/null | sha256sum | cut -c1-16)"
		done
	done >>"$1"
}

# --- the bucket: missing, another region, no s3:ListBucket -------------
for mode in missing-bucket other-region no-list; do
	echo "$mode" >"$WORK/servers/s3-mode"
	for dry in --dry-run ""; do
		rc=0
		S "$A" $dry >"$WORK/out" 2>"$WORK/err" || rc=$?
		[ "$rc" = 3 ] || fail "$mode $dry: exit $rc"
		case $mode in
		missing-bucket) grep -q "bucket $BUCKET does not exist" "$WORK/err" ;;
		other-region) grep -q "is in region eu-west-1.*set \[remote\] region = eu-west-1" "$WORK/err" ;;
		no-list) grep -q "s3:ListBucket" "$WORK/err" ;;
		esac || fail "$mode $dry: $(cat "$WORK/err")"
	done
done
rm -f "$WORK/servers/s3-mode"
[ "$(count_items META)" = 0 ] || fail "a failed bucket check wrote"

# --- the site's layout, default settings ------------------------------
S "$A" --dry-run >"$WORK/plan" 2>"$WORK/err" || fail "dry run: $(cat "$WORK/err")"
grep -Eq '^(conflict|open conflict|blocked)' "$WORK/plan" && fail "site layout taken as a conflict: $(cat "$WORK/plan")"
grep -q '^push (new) .*event-driven.*(visibility private: \[remote\] default_visibility)' "$WORK/plan" ||
    fail "plan does not say new nodes are private: $(cat "$WORK/plan")"
[ "$(grep -c '^push (new)' "$WORK/plan")" = 4 ] || fail "plan: $(cat "$WORK/plan")"
S "$A" >"$WORK/out" 2>"$WORK/err" || fail "site push: $(cat "$WORK/err")"
grep -q 'pushed 4,' "$WORK/out" || fail "site push: $(cat "$WORK/out") $(cat "$WORK/err")"
grep -q 'not a cloud slug' "$WORK/err" && fail "accented name skipped: $(cat "$WORK/err")"
grep -c 'need.* embeddings: run the backend' "$WORK/out" | grep -qx 1 || fail "backfill hint: $(cat "$WORK/out")"
# Spanish in body.mdx, English in body.en.mdx
s3_get content/concept/event-driven/body.mdx >"$WORK/b"
body_of "$A/concepts/event-driven.mdx" | cmp -s - "$WORK/b" || fail "body.mdx is not the Spanish file"
s3_get content/concept/event-driven/body.en.mdx >"$WORK/b"
body_of "$A/concepts/event-driven.en.mdx" | cmp -s - "$WORK/b" || fail "body.en.mdx is not the English file"
[ "$(s3_status content/note/serverless-cost/body.mdx)" = 200 ] || fail "Spanish-only note has no body.mdx"
[ "$(s3_status content/note/serverless-cost/body.en.mdx)" = 404 ] || fail "Spanish-only note pushed as English"
[ "$(attr senal-y-ruido slug)" = senal-y-ruido ] || fail "señal-y-ruido.mdx: not the backend's slug"
[ "$(attr event-driven title)" = "Arquitectura orientada a eventos" ] || fail "title: $(attr event-driven title)"
[ "$(attr event-driven title_en)" = "Event-driven architecture" ] || fail "title_en"
[ "$(attr event-driven visibility)" = private ] || fail "new node not private"
[ "$(attr event-driven created_at)" = 2025-03-14T00:00:00.000Z ] || fail "created_at $(attr event-driven created_at)"
[ "$(attr message-queues created_at)" = 2025-04-01T14:30:00.000Z ] || fail "offset not UTC: $(attr message-queues created_at)"
attr event-driven updated_at | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' ||
    fail "updated_at not toISOString"
wc=$(s3_get content/concept/event-driven/body.mdx | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(s.split(/\s+/).length))')
[ "$(attr event-driven word_count_es)" = "$wc" ] || fail "word_count_es $(attr event-driven word_count_es), the backend counts $wc"
ddb Query "{\"TableName\":\"$TABLE\",\"KeyConditionExpression\":\"PK = :p AND begins_with(SK, :e)\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"NODE#event-driven\"},\":e\":{\"S\":\"EDGE#\"}}}" >"$WORK/e"
grep -q 'EDGE#message-queues' "$WORK/e" && grep -q 'EDGE#serverless-cost' "$WORK/e" || fail "concepts not edges"
S "$A" >"$WORK/out" || fail "site no-op"
grep -q 'pushed 0, pulled 0' "$WORK/out" || fail "site no-op: $(cat "$WORK/out")"

# --- pulled into an empty vault, synced back with no change -----------
snapshot "$WORK/snap1"
B="$WORK/empty"
mkdir -p "$B"
S "$B" >"$WORK/out" 2>"$WORK/err" || fail "pull into empty: $(cat "$WORK/err")"
grep -q 'pulled 4,' "$WORK/out" || fail "pull into empty: $(cat "$WORK/out")"
S "$B" >"$WORK/out" || fail "empty vault no-op"
grep -q 'pushed 0, pulled 0, deleted 0' "$WORK/out" || fail "pushed back: $(cat "$WORK/out")"
# without sync.db: every note compared with its node, all the same
for v in "$B" "$A"; do
	cp -R "$v" "$v-fresh"
	rm -rf "$v-fresh/.stratus"
	S "$v-fresh" >"$WORK/out" 2>"$WORK/err" || fail "fresh $v: $(cat "$WORK/out" "$WORK/err")"
	grep -q 'pushed 0, pulled 0, deleted 0, moved to trash 0, unchanged-but-recorded 4, deletes held 0, conflicts 0' "$WORK/out" ||
	    fail "$v does not map back to the same nodes: $(cat "$WORK/out")"
done
snapshot "$WORK/snap2"
diff "$WORK/snap1" "$WORK/snap2" >&2 || fail "the round trip changed the cloud"

# --- web edits of title_es / summary_es, then a body-only push --------
t=$(now)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#message-queues\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_es = :t, summary_es = :s, updated_at = :u\",\"ConditionExpression\":\"attribute_exists(PK)\",\"ExpressionAttributeValues\":{\":t\":{\"S\":\"Colas (editado en la web)\"},\":s\":{\"S\":\"Resumen editado\"},\":u\":{\"S\":\"$t\"}}}" >/dev/null
S "$A" >"$WORK/out" || fail "pull of a web edit"
grep -q '^title_es: .*Colas (editado en la web)' "$A/concepts/message-queues.mdx" ||
    fail "title_es not pulled: $(head -12 "$A/concepts/message-queues.mdx")"
grep -q '^summary_es: .*Resumen editado' "$A/concepts/message-queues.en.mdx" ||
    fail "summary_es not pulled into the English file"
echo "Una línea más." >>"$A/concepts/message-queues.mdx"
S "$A" >"$WORK/out" || fail "body push after a web edit"
grep -q 'pushed 1,' "$WORK/out" || fail "body push: $(cat "$WORK/out")"
[ "$(attr message-queues title_es)" = "Colas (editado en la web)" ] || fail "web title_es undone: $(attr message-queues title_es)"
[ "$(attr message-queues summary_es)" = "Resumen editado" ] || fail "web summary_es undone"
[ "$(attr message-queues title)" = "Colas de mensajes" ] || fail "title overwritten by title_es: $(attr message-queues title)"

# --- word counts are not rewritten when the body did not change -------
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#serverless-cost\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET word_count_es = :w\",\"ExpressionAttributeValues\":{\":w\":{\"N\":\"777\"}}}" >/dev/null
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#serverless-cost\"},\"SK\":{\"S\":\"EMBED\"},\"vector\":{\"S\":\"old\"}}}" >/dev/null
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#event-driven\"},\"SK\":{\"S\":\"EMBED\"},\"vector\":{\"S\":\"old\"}}}" >/dev/null
sed -i 's/^tags: \[costos\]/tags: [costos, lambda]/' "$A/notes/serverless-cost.mdx"
S "$A" >"$WORK/out" || fail "metadata-only push"
grep -q 'pushed 1,' "$WORK/out" || fail "metadata push: $(cat "$WORK/out")"
[ "$(attr serverless-cost word_count_es)" = 777 ] || fail "word count rewritten for an unchanged body"
[ "$(count_items EMBED)" = 2 ] || fail "an unchanged body's EMBED was removed"
grep -q 'embeddings' "$WORK/out" && fail "backfill hint with no new body: $(cat "$WORK/out")"
# a body change: its EMBED goes, the hint comes once
printf '\nOtra idea.\n' >>"$A/concepts/event-driven.en.mdx"
S "$A" >"$WORK/out" || fail "body push"
[ "$(count_items EMBED)" = 1 ] || fail "stale EMBED kept"
[ "$(grep -c '1 node needs embeddings: run the backend' "$WORK/out")" = 1 ] || fail "hint: $(cat "$WORK/out")"

# --- edges from the backend's connect tool ----------------------------
for p in "senal-y-ruido serverless-cost" "serverless-cost senal-y-ruido"; do
	set -- $p
	ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#$1\"},\"SK\":{\"S\":\"EDGE#$2\"},\"edge_type\":{\"S\":\"related\"},\"weight\":{\"N\":\"1.0\"},\"created_at\":{\"S\":\"$(now)\"},\"created_by\":{\"S\":\"agent\"}}}" >/dev/null
done
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"AUDIT#$(now)\"},\"SK\":{\"S\":\"NODE#senal-y-ruido\"},\"action\":{\"S\":\"connect\"},\"actor\":{\"S\":\"agent\"}}}" >/dev/null
S "$A" >"$WORK/out" || fail "pull of connect edges"
grep -q 'pulled 2,' "$WORK/out" || fail "connect edges not pulled: $(cat "$WORK/out")"
sed -n '/^concepts:/,/^[a-z_]*:/p' "$A/essays/señal-y-ruido.mdx" | grep -q serverless-cost ||
    fail "edge not in concepts: $(cat "$A/essays/señal-y-ruido.mdx")"
S "$A" >"$WORK/out" || fail "no-op after connect"
grep -q 'pushed 0, pulled 0,.*(3 requests' "$WORK/out" || fail "no-op budget: $(cat "$WORK/out")"

# --- deletes; audit actions only from the backend's enum --------------
mv "$A/notes/serverless-cost.mdx" "$WORK/"
S "$A" --allow-delete >"$WORK/out" 2>"$WORK/err" || fail "delete: $(cat "$WORK/err")"
grep -q 'deleted 1' "$WORK/out" || fail "delete: $(cat "$WORK/out")"
ddb Scan "{\"TableName\":\"$TABLE\",\"FilterExpression\":\"begins_with(PK, :a)\",\"ExpressionAttributeValues\":{\":a\":{\"S\":\"AUDIT#\"}}}" |
    python3 -c 'import json,sys
bad = [i["action"]["S"] for i in json.load(sys.stdin)["Items"]
       if i["action"]["S"] not in ("create", "update", "connect", "flag", "migrate")]
sys.exit("audit actions outside the enum: %s" % bad if bad else 0)' || fail "audit"

# --- an English-only note, read with no language ----------------------
C="$WORK/ours"
mkdir -p "$C/concepts"
printf -- '---\ntitle: Cold starts\ntype: concept\n---\n\nOnly in English.\n' >"$C/concepts/cold-starts.md"
printf -- '---\ntitle: Señal\ntype: concept\n---\n\nSee [[cold-starts|the cold starts]] and [[Cold Starts]], not `[[code]]`.\n\n```\n[[fenced]]\n```\n' >"$C/concepts/señal.md"
S "$C" >"$WORK/out" 2>"$WORK/err" || fail "English-only: $(cat "$WORK/err")"
s3_get content/concept/cold-starts/body.mdx | grep -q 'Only in English.' || fail "English-only note has no body.mdx"
S "$C" >"$WORK/out" || fail "English-only no-op"
grep -q 'pushed 0, pulled 0' "$WORK/out" || fail "English-only no-op: $(cat "$WORK/out")"
[ "$(attr senal title)" = "Señal" ] || fail "señal.md not pushed as senal"

# --- wikilinks = markdown, a byte-for-byte round trip -------------------
sync_config "$DDB_URL" "$S3_URL" "wikilinks = markdown"
printf 'One more line.\n' >>"$C/concepts/señal.md"
cp "$C/concepts/señal.md" "$WORK/senal.orig"
S "$C" >"$WORK/out" 2>"$WORK/err" || fail "wikilinks push: $(cat "$WORK/err")"
s3_get content/concept/senal/body.en.mdx >"$WORK/b"
grep -q '\[the cold starts\](/node?id=cold-starts) and \[Cold Starts\](/node?id=cold-starts), not `\[\[code\]\]`' "$WORK/b" ||
    fail "wikilinks not as the site's links: $(cat "$WORK/b")"
grep -q '^\[\[fenced\]\]' "$WORK/b" || fail "a fenced wikilink was converted"
# a web edit of the body and the title: pulled, the wikilinks back as they were
{ cat "$WORK/b"; echo "Added on the web."; } >"$WORK/b2"
s3_put content/concept/senal/body.en.mdx "$WORK/b2"
s3_put content/concept/senal/body.mdx "$WORK/b2"
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#senal\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET updated_at = :u\",\"ExpressionAttributeValues\":{\":u\":{\"S\":\"$(now)\"}}}" >/dev/null
S "$C" >"$WORK/out" 2>"$WORK/err" || fail "wikilinks pull: $(cat "$WORK/err")"
grep -q 'pulled 1,' "$WORK/out" || fail "wikilinks pull: $(cat "$WORK/out")"
{ body_of "$WORK/senal.orig"; echo "Added on the web."; } >"$WORK/want"
body_of "$C/concepts/señal.md" | cmp - "$WORK/want" >&2 || fail "wikilinks round trip not byte for byte"
sync_config "$DDB_URL" "$S3_URL"

# --- issue 12: private state, conflict copies, symlinked notes ----------
[ "$(stat -c %a "$C/.stratus")" = 700 ] || fail ".stratus is $(stat -c %a "$C/.stratus")"
[ "$(stat -c %a "$C/.stratus/sync.db")" = 600 ] || fail "sync.db is $(stat -c %a "$C/.stratus/sync.db")"
chmod 600 "$C/concepts/cold-starts.md"
echo "edited here" >>"$C/concepts/cold-starts.md"
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#cold-starts\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_en = :t, updated_at = :u\",\"ExpressionAttributeValues\":{\":t\":{\"S\":\"Edited on the web\"},\":u\":{\"S\":\"$(now)\"}}}" >/dev/null
rc=0
S "$C" >"$WORK/out" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "conflict: exit $rc $(cat "$WORK/out")"
copy=$(ls "$C"/concepts/cold-starts.conflict-*.md)
[ "$(stat -c %a "$copy")" = 600 ] || fail "conflict copy is $(stat -c %a "$copy")"
"$STRATUS" --vault "$C" sync resolve cold-starts --keep local >/dev/null || fail "resolve"
S "$C" >/dev/null 2>&1 || fail "sync after resolve"
# a note that is a symlink to a file elsewhere in the vault
mkdir -p "$C/real"
mv "$C/concepts/cold-starts.md" "$C/real/cold-starts.md"
ln -s ../real/cold-starts.md "$C/concepts/cold-starts.md"
S "$C" >"$WORK/out" 2>"$WORK/err" || fail "after the link: $(cat "$WORK/err")"
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#cold-starts\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_en = :t, updated_at = :u\",\"ExpressionAttributeValues\":{\":t\":{\"S\":\"Through the link\"},\":u\":{\"S\":\"$(now)\"}}}" >/dev/null
S "$C" >"$WORK/out" 2>"$WORK/err" || fail "pull through a link: $(cat "$WORK/err")"
[ -L "$C/concepts/cold-starts.md" ] || fail "the symlinked note was replaced by a file"
grep -q 'Through the link' "$C/real/cold-starts.md" || fail "not written through the link"
[ "$(stat -c %a "$C/real/cold-starts.md")" = 600 ] || fail "the pull changed the note's mode"
echo "sync_backend: ok"
