#!/bin/sh
# search_or.sh: a filter inside a top-level OR holds for its side only
# ("tag:a OR tag:b", "lambda tag:aws OR dynamodb", a side of filters
# only), through `stratus search` on the small vault tests/data/vaults/
# orfilters; hostile mixes of OR and filters give no SQLite error.
set -u
. "$SRCDIR/tests/lib.sh"

V="$SRCDIR/tests/data/vaults/orfilters"
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT

# slugs QUERY: the slugs search finds, sorted, on one line.
slugs() {
	"$STRATUS" --vault "$V" search --json --limit 50 "$1" | python3 -c '
import json, sys
print(" ".join(sorted(h["slug"] for h in json.load(sys.stdin))))'
}
# want QUERY SLUGS...: search finds exactly SLUGS (sorted).
want() {
	q=$1
	shift
	got=$(slugs "$q") || fail "search '$q' failed"
	[ "$got" = "$*" ] || fail "'$q' found '$got', want '$*'"
}

want 'tag:book OR tag:daily' 2025-03-14 designing-data
want 'tag:hobby OR tag:compute' gardening lambda-limits
# tag:aws holds for the lambda side only: the daily note mentions lambda
# but is not tagged aws; the book mentions DynamoDB on the other side.
want 'lambda tag:aws OR dynamodb' designing-data dynamodb-streams \
	lambda-limits
want 'tomatoes OR tag:daily' 2025-03-14 gardening
want 'tag:database -tag:aws OR cron' 2025-03-14 designing-data
# Without an OR a filter still holds for the whole query.
want 'lambda tag:aws' dynamodb-streams lambda-limits
# Hostile mixes: never an error (status 0 with hits, 1 with none).
for q in 'tag: OR tag:' 'OR tag:daily OR' 'tag:daily OR "' \
    "tag:daily OR '; DROP TABLE docs; --" 'tag:daily OR NEAR(' \
    '((tag:daily OR (tag:book' 'tag:x* OR -tag:*' 'NOT tag:daily OR -x'; do
	"$STRATUS" --vault "$V" search "$q" >/dev/null 2>"$XDG_CACHE_HOME/err"
	rc=$?
	[ "$rc" -le 2 ] || fail "'$q' exited $rc"
	grep -qi 'sql' "$XDG_CACHE_HOME/err" &&
		fail "'$q': $(cat "$XDG_CACHE_HOME/err")"
done
pass
