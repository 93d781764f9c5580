#!/bin/sh
# sync_faults.sh: stratus sync through a fault-injecting proxy in front of
# both stand-ins (500s, throttling answers, dropped connections, answers
# lost after the write, slow replies, timeouts, unprocessed batch items):
# the sync converges with nothing lost or doubled, an edit saved here
# while its note is being pulled is kept (a conflict), and a non-retryable
# error stops it with one line naming the note, the call and AWS's answer.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
mkdir -p "$V"
cp -R "$SRCDIR/content/concepts" "$V/concepts"
S() { "$STRATUS" --vault "$V" sync "$@"; }
# Faults are injected by the proxies, not by a slow machine: a request
# timeout that a loaded machine cannot reach (the timeout tests below set
# their own).
export STRATUS_SYNC_TIMEOUT="$(scaled 10)"

sync_proxy_start ddb "$DDB_URL" --faults 500,throttle,drop,throttle2,lost,unprocessed,slow \
    --every 3 --slow-ms 300
PD=$PROXY_URL
sync_proxy_start s3 "$S3_URL" --faults 500,throttle,drop,lost,slow --every 3 --slow-ms 300
PS=$PROXY_URL
sync_config "$PD" "$PS"

S --dry-run >"$WORK/plan" || fail "dry run through faults"
nodes=$(grep -c '^push (new)' "$WORK/plan")
S >"$WORK/out" 2>"$WORK/err" || fail "push through faults: $(cat "$WORK/err")"
grep -q "pushed $nodes," "$WORK/out" || fail "push: $(cat "$WORK/out")"
retries=$(sed -n 's/.*, \([0-9]*\) retries.*/\1/p' "$WORK/out")
[ "$retries" -ge 5 ] || fail "faults were not retried: $(cat "$WORK/out")"
for k in 500 throttle drop lost slow unprocessed; do
	grep -q " $k " "$WORK/proxy-ddb.log" "$WORK/proxy-s3.log" || fail "no $k fault was injected"
done
# direct to the stand-ins: everything is there exactly once
sync_config "$DDB_URL" "$S3_URL"
[ "$(count_items META)" = "$nodes" ] || fail "META items $(count_items META), want $nodes"
S >"$WORK/out" || fail "sync after faults: $(cat "$WORK/out")"
grep -q 'pushed 0, pulled 0, deleted 0' "$WORK/out" || fail "not converged: $(cat "$WORK/out")"
for f in "$V"/concepts/*.md; do
	case "$f" in *.es.md) continue ;; esac
	slug=$(basename "$f" .md)
	awk 'n>=2{print} /^---$/{n++}' "$f" >"$WORK/local"
	s3_get "content/concept/$slug/body.en.mdx" >"$WORK/remote"
	cmp -s "$WORK/local" "$WORK/remote" || fail "$slug: body differs after faults"
done
ls "$V"/concepts/*.conflict-* >/dev/null 2>&1 && fail "a retried write became a conflict"

# listings whose answers break off halfway, their items taken as they
# came (sync/items.h): each page is taken again from its first item on
# the next attempt, nothing doubled (nodes) or lost (edges: a lost one
# would be pulled as a link removed in the cloud). Four items a page, so
# that a half holds whole items.
sync_proxy_start ddbcut "$DDB_URL" --faults cut --every 2
sync_config "$PROXY_URL" "$S3_URL"
STRATUS_TEST_LIST_LIMIT=4 S >"$WORK/out" 2>"$WORK/err" ||
    fail "sync through cut answers: $(cat "$WORK/err")"
grep -q 'pushed 0, pulled 0, deleted 0' "$WORK/out" ||
    fail "cut answers: $(cat "$WORK/out")"
for op in Query Scan; do
	grep -q " cut .*$op" "$WORK/proxy-ddbcut.log" ||
	    fail "no $op answer was cut"
done
sync_config "$DDB_URL" "$S3_URL"

# an edge item that is not JSON in an answer that otherwise is: the
# listing fails, said, and no note changes (an item dropped would read
# as a link removed in the cloud, and be pulled)
sync_proxy_start ddbbad "$DDB_URL" --faults garble --only Scan --every 1 \
    --max 1
sync_config "$PROXY_URL" "$S3_URL"
before=$(cat "$V"/concepts/*.md | cksum)
rc=0
S >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "a garbled edge item: exit $rc: $(cat "$WORK/out")"
grep -q "listing the edges of .*: the answer is not JSON" "$WORK/err" ||
    fail "a garbled edge item: $(cat "$WORK/err")"
[ "$(cat "$V"/concepts/*.md | cksum)" = "$before" ] ||
    fail "a garbled edge item changed a note"
grep -q " garble " "$WORK/proxy-ddbbad.log" || fail "no answer was garbled"
sync_config "$DDB_URL" "$S3_URL"

# edits and pulls through faults too
sync_config "$PD" "$PS"
echo "edited through faults" >>"$V/concepts/amazon-sqs.md"
t=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#amazon-sns\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET title_en = :t, updated_at = :u\",\"ExpressionAttributeValues\":{\":t\":{\"S\":\"SNS via faults\"},\":u\":{\"S\":\"$t\"}}}" >/dev/null
S >"$WORK/out" 2>"$WORK/err" || fail "edit through faults: $(cat "$WORK/err")"
grep -q 'pushed 1, pulled 1,' "$WORK/out" || fail "edit: $(cat "$WORK/out")"
grep -q 'SNS via faults' "$V/concepts/amazon-sns.md" || fail "pull through faults"

# a node changed in the cloud between the listing and the write: the
# conditional write fails, and that is a conflict, never an overwrite.
# The proxy holds the sync's UpdateItem for 4 s (scaled); the other
# client writes as soon as the proxy's log shows it arrived.
sync_proxy_start race "$DDB_URL" --faults slow --every 1 --only UpdateItem \
    --slow-ms "$(scaled 4000)"
sync_config "$PROXY_URL" "$S3_URL"
echo "local side of a race" >>"$V/concepts/aws-sam.md"
STRATUS_SYNC_TIMEOUT=$(scaled 20) "$STRATUS" --vault "$V" sync \
    >"$WORK/race.out" 2>&1 &
racer=$!
wait_until 60 grep -q ' slow POST UpdateItem' "$WORK/proxy-race.log" ||
    fail "the sync's UpdateItem never reached the proxy: $(cat "$WORK/race.out")"
t=$(date -u +%Y-%m-%dT%H:%M:%S.999Z)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#aws-sam\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET summary_en = :s, updated_at = :u\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"won the race\"},\":u\":{\"S\":\"$t\"}}}" >/dev/null
rc=0
wait "$racer" || rc=$?
[ "$rc" = 1 ] || fail "a lost race must end as a conflict (1), got $rc: $(cat "$WORK/race.out")"
grep -q 'changed during the sync' "$WORK/race.out" || fail "race: $(cat "$WORK/race.out")"
meta aws-sam | grep -q 'won the race' || fail "the other client's write was overwritten"
grep -q 'won the race' "$V"/concepts/aws-sam.conflict-*.md || fail "the winner is not beside the note"
grep -q 'local side of a race' "$V/concepts/aws-sam.md" || fail "the local edit was lost"
"$STRATUS" --vault "$V" sync resolve aws-sam --keep local >/dev/null || fail "resolve"

# a pull racing an edit here: the cloud's body is held by the proxy, and
# the note is edited (saved) as soon as the proxy's log shows the body
# asked for; the sync must not write over the edit: a conflict, the
# cloud's version beside the note
sync_config "$DDB_URL" "$S3_URL"
S >"$WORK/out" 2>"$WORK/err" || fail "before the pull race: $(cat "$WORK/err")"
t=$(date -u +%Y-%m-%dT%H:%M:%S.999Z)
ddb UpdateItem "{\"TableName\":\"$TABLE\",\"Key\":{\"PK\":{\"S\":\"NODE#aws-lambda\"},\"SK\":{\"S\":\"META\"}},\"UpdateExpression\":\"SET updated_at = :u\",\"ExpressionAttributeValues\":{\":u\":{\"S\":\"$t\"}}}" >/dev/null
printf '\n# AWS Lambda\n\nRewritten on the web during a pull.\n' >"$WORK/web"
s3_put content/concept/aws-lambda/body.en.mdx "$WORK/web"
sync_proxy_start pull "$S3_URL" --faults slow --every 1 --max 20 \
    --slow-ms "$(scaled 3000)"
sync_config "$DDB_URL" "$PROXY_URL"
STRATUS_SYNC_TIMEOUT=$(scaled 20) "$STRATUS" --vault "$V" sync \
    >"$WORK/pull.out" 2>&1 &
puller=$!
wait_until 60 grep -q ' slow GET .*aws-lambda/body' "$WORK/proxy-pull.log" ||
    fail "the body was never asked for: $(cat "$WORK/pull.out")"
echo "Saved here while the sync was pulling." >>"$V/concepts/aws-lambda.md"
rc=0
wait "$puller" || rc=$?
[ "$rc" = 1 ] || fail "a pull racing an edit must end as a conflict (1), got $rc: $(cat "$WORK/pull.out")"
grep -q 'Saved here while the sync was pulling.' "$V/concepts/aws-lambda.md" ||
    fail "the edit saved during the pull was written over"
grep -q 'Rewritten on the web during a pull.' "$V"/concepts/aws-lambda.conflict-*.md ||
    fail "the cloud's version is not beside the note"
"$STRATUS" --vault "$V" sync status >"$WORK/st" 2>&1 || true
grep -q 'edited here during the sync' "$WORK/st" || fail "status: $(cat "$WORK/st")"
"$STRATUS" --vault "$V" sync resolve aws-lambda --keep local >/dev/null || fail "resolve"
sync_config "$DDB_URL" "$S3_URL"

# a reply slower than the timeout is retried, and bounded
# (the timeout long enough for a normal reply on a loaded machine)
tmo=$(scaled 3)
sync_proxy_start slow "$DDB_URL" --faults slow --every 2 --slow-ms $((tmo * 2000))
sync_config "$PROXY_URL" "$S3_URL"
STRATUS_SYNC_TIMEOUT=$tmo S >"$WORK/out" 2>"$WORK/err" || fail "timeouts not retried: $(cat "$WORK/err")"
sync_proxy_start dead "$DDB_URL" --faults 500 --every 1
sync_config "$PROXY_URL" "$S3_URL"
start=$(date +%s)
rc=0
STRATUS_SYNC_TIMEOUT=1 S >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "endless 500s must fail with 3, got $rc"
grep -q 'gave up after' "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
[ $(($(date +%s) - start)) -le "$(scaled 20)" ] || fail "retries not bounded in time"
# the listing of the edges (a Scan, its pages taken as each comes) fails:
# said, which table, and nothing planned on half a listing
sync_proxy_start noscan "$DDB_URL" --faults 500 --every 1 --only Scan
sync_config "$PROXY_URL" "$S3_URL"
echo "An edit the failed sync must not push." >>"$V/concepts/aws-lambda.md"
rc=0
STRATUS_SYNC_TIMEOUT=1 S >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "a failed listing of the edges must fail with 3, got $rc"
grep -q 'listing the edges of stratus-test-knowledge-graph: .*gave up after' \
    "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
grep -q 'pushed' "$WORK/out" && fail "a sync went on: $(cat "$WORK/out")"
sync_config "$DDB_URL" "$S3_URL"
S >"$WORK/out" 2>"$WORK/err" || fail "after the failed listing: $(cat "$WORK/err")"
grep -q 'pushed 1,' "$WORK/out" || fail "the edit not pushed next time: $(cat "$WORK/out")"

# a non-retryable error: which note, which call, what AWS said
sync_config "$DDB_URL" "$S3_URL"
mkdir -p "$V/notes"
{
	printf -- '---\ntitle: Too big\nsummary: "'
	head -c 450000 /dev/zero | tr '\0' 'x'
	printf '"\n---\n\nBody.\n'
} >"$V/notes/too-big.md"
cp "$V/notes/too-big.md" "$WORK/too-big"
rc=0
S >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "an item too large must fail with 3, got $rc"
[ "$(wc -l <"$WORK/err")" = 1 ] || fail "not one line: $(cat "$WORK/err")"
grep -q 'notes/too-big.md: DynamoDB PutItem: 400 ValidationException' "$WORK/err" ||
    fail "unclear: $(cat "$WORK/err")"
cmp -s "$V/notes/too-big.md" "$WORK/too-big" || fail "the note was touched"
echo "sync_faults: ok"
