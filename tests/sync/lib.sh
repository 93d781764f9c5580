# lib.sh: shared shell helpers of the sync tests and the sync benchmark.
# Source it, then call sync_servers_start: it starts dynalite and s3rver
# (tests/sync/servers.js) on free ports of 127.0.0.1, exports the test
# credentials, DDB_URL, S3_URL, TABLE, BUCKET, writes a stratus config
# for them and stops the servers (and any proxy started with
# sync_proxy_start) when the shell exits, even on failure, or after
# SYNC_SERVERS_LIFETIME seconds (default 900: a test left behind).
#
# Needs SRCDIR (the source tree); WORK is created when unset.

: "${SRCDIR:?SRCDIR must name the source tree}"
. "$SRCDIR/tests/lib.sh"	# scaled, wait_until
NODE_MODULES="$SRCDIR/tests/node_modules"
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/stratus-sync.XXXXXX")}
SYNC_PIDS=""
export AWS_ACCESS_KEY_ID=AKIDSTRATUSTEST
export AWS_SECRET_ACCESS_KEY=stratus-test-secret
export AWS_REGION=us-east-1
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_REGION
export AWS_SHARED_CREDENTIALS_FILE="$WORK/no-aws-credentials"
TABLE=stratus-test-knowledge-graph
BUCKET=stratus-test-bucket

sync_cleanup() {
	for p in $SYNC_PIDS; do
		kill "$p" 2>/dev/null || true
	done
	for p in $SYNC_PIDS; do
		wait "$p" 2>/dev/null || true
	done
	SYNC_PIDS=""
	if [ -z "${KEEP_WORK:-}" ]; then
		rm -rf "$WORK"
	fi
}
trap 'sync_status=$?; sync_cleanup; exit $sync_status' EXIT
trap 'exit 130' INT TERM HUP

# skip the test (exit 77 is "skipped" for ctest's SKIP_RETURN_CODE) when
# node or the stand-ins are missing
sync_need_servers() {
	if ! command -v node >/dev/null 2>&1 ||
	    [ ! -d "$NODE_MODULES/dynalite" ] || [ ! -d "$NODE_MODULES/s3rver" ]; then
		echo "FAIL: node, dynalite or s3rver missing: run scripts/deps.sh" >&2
		exit 1
	fi
}

# wait_file FILE SECONDS: until FILE exists, not empty (SECONDS scaled)
wait_file() {
	wait_until "$2" test -s "$1" && return 0
	echo "FAIL: $1 never appeared" >&2
	return 1
}

sync_servers_start() {
	sync_need_servers
	mkdir -p "$WORK/servers"
	NODE_PATH="$NODE_MODULES" node "$SRCDIR/tests/sync/servers.js" \
	    --dir "$WORK/servers" --ports "$WORK/servers/ports" --parent $$ \
	    --key "$AWS_ACCESS_KEY_ID" --secret "$AWS_SECRET_ACCESS_KEY" \
	    --table "$TABLE" --bucket "$BUCKET" \
	    --lifetime "${SYNC_SERVERS_LIFETIME:-900}" \
	    >"$WORK/servers/log" 2>&1 &
	SYNC_PIDS="$SYNC_PIDS $!"
	if ! wait_file "$WORK/servers/ports" 30; then
		cat "$WORK/servers/log" >&2
		exit 1
	fi
	. "$WORK/servers/ports"
	DDB_URL="http://127.0.0.1:$DDB_PORT"
	S3_URL="http://127.0.0.1:$S3_PORT"
	sync_config "$DDB_URL" "$S3_URL"
}

# sync_config DDB S3 [extra lines]: the stratus config for these endpoints
sync_config() {
	mkdir -p "$XDG_CONFIG_HOME/stratus"
	{
		echo "[remote]"
		echo "table = $TABLE"
		echo "bucket = $BUCKET"
		echo "region = us-east-1"
		echo "dynamodb_endpoint = $1"
		echo "s3_endpoint = $2"
		shift 2
		for l in "$@"; do
			echo "$l"
		done
	} >"$XDG_CONFIG_HOME/stratus/config"
}

# sync_proxy_start NAME TARGET_URL [faultproxy options]: a fault-injecting
# proxy in front of TARGET; sets PROXY_URL
sync_proxy_start() {
	name=$1
	target=$2
	shift 2
	rm -f "$WORK/proxy-$name.port"
	node "$SRCDIR/tests/sync/faultproxy.js" --target "$target" \
	    --port-file "$WORK/proxy-$name.port" --parent $$ \
	    --log "$WORK/proxy-$name.log" "$@" 2>>"$WORK/proxy-$name.err" &
	SYNC_PIDS="$SYNC_PIDS $!"
	wait_file "$WORK/proxy-$name.port" 10 || exit 1
	PROXY_URL="http://127.0.0.1:$(cat "$WORK/proxy-$name.port")"
}

# ddb TARGET JSON: a DynamoDB call as another client would make it
ddb() {
	curl -sS --fail-with-body --aws-sigv4 "aws:amz:us-east-1:dynamodb" \
	    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
	    -H "X-Amz-Target: DynamoDB_20120810.$1" \
	    -H 'Content-Type: application/x-amz-json-1.0' \
	    --data-binary "$2" "$DDB_URL/"
}

# s3_put KEY FILE / s3_get KEY: S3 object calls as another client would
s3_put() {
	h=$(sha256sum "$2" | cut -d' ' -f1)
	curl -sS --fail-with-body --aws-sigv4 "aws:amz:us-east-1:s3" \
	    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
	    -H "x-amz-content-sha256: $h" \
	    -H 'Content-Type: text/markdown; charset=utf-8' \
	    -T "$2" "$S3_URL/$BUCKET/$1" >/dev/null
}
s3_get() {
	curl -sS --fail-with-body --aws-sigv4 "aws:amz:us-east-1:s3" \
	    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
	    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
	    "$S3_URL/$BUCKET/$1"
}
# s3_status KEY: the HTTP status of a GET of KEY
s3_status() {
	curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" \
	    --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
	    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" \
	    "$S3_URL/$BUCKET/$1"
}

# meta SLUG: the META item of a node as JSON ({} when absent)
meta() {
	ddb GetItem "{\"TableName\":\"$TABLE\",\"ConsistentRead\":true,\"Key\":{\"PK\":{\"S\":\"NODE#$1\"},\"SK\":{\"S\":\"META\"}}}"
}

# count_items PREFIX_SK: how many items of the table have an SK that
# begins with PREFIX (a Scan; fine for test tables)
count_items() {
	ddb Scan "{\"TableName\":\"$TABLE\",\"Select\":\"COUNT\",\"FilterExpression\":\"begins_with(SK, :p)\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"$1\"}}}" |
	    sed -n 's/.*"Count":\([0-9]*\).*/\1/p'
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# embed_put SLUG X Y [GENERATED_AT]: the EMBED item of a node as the
# backend's enrichment writes it (model, dimensions, a 1,024-number vector
# whose first two components are X and Y, the rest 0, source_text,
# generated_at), without a cache-version bump, as its backfill does
embed_put() {
	at=${4:-$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)}
	ddb PutItem "$(python3 - "$TABLE" "$1" "$2" "$3" "$at" <<'PY'
import json, sys
table, slug, x, y, at = sys.argv[1:]
vec = [x, y] + ["0"] * 1022
print(json.dumps({"TableName": table, "Item": {
    "PK": {"S": "NODE#" + slug}, "SK": {"S": "EMBED"},
    "model": {"S": "amazon.titan-embed-text-v2:0"},
    "dimensions": {"N": "1024"},
    "vector": {"L": [{"N": v} for v in vec]},
    "source_text": {"S": "title + summary_es + summary_en + tags"},
    "generated_at": {"S": at}}}))
PY
)" >/dev/null
}
