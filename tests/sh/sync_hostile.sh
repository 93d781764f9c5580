#!/bin/sh
# sync_hostile.sh: the cloud's data is untrusted. Slugs outside the slug
# pattern, node types with / or .., bodies over 5 MB, invalid UTF-8,
# control characters and YAML-breaking titles are refused or neutralised
# with a warning, and nothing is ever written outside the vault.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_servers_start

V="$WORK/vault"
OUT="$WORK/outside"
mkdir -p "$V/concepts" "$OUT"
printf -- '---\ntitle: Local\n---\n\nLocal note.\n' >"$V/concepts/local.md"
# a folder of the vault that leads outside it
ln -s "$OUT" "$V/essays"
t=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)
put_meta() { # slug-in-PK slug type title
	ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#$1\"},\"SK\":{\"S\":\"META\"},\"slug\":{\"S\":\"$2\"},\"node_type\":{\"S\":\"$3\"},\"status\":{\"S\":\"seed\"},\"title\":{\"S\":\"$4\"},\"title_es\":{\"S\":\"$4\"},\"title_en\":{\"S\":\"$4\"},\"summary_es\":{\"S\":\"\"},\"summary_en\":{\"S\":\"s\"},\"tags\":{\"L\":[]},\"created_at\":{\"S\":\"$t\"},\"updated_at\":{\"S\":\"$t\"}}}" >/dev/null
}
put_meta "../../escape" "../../escape" concept "Escape"
put_meta "Bad Slug" "Bad Slug" concept "Bad"
put_meta "type-escape" "type-escape" "../../../tmp" "Type"
put_meta "type-slash" "type-slash" "a/b" "Type"
put_meta "mismatch" "other-slug" concept "Mismatch"
put_meta "big-body" "big-body" concept "Big"
head -c 6000000 /dev/zero | tr '\0' 'a' >"$WORK/big"
s3_put content/concept/big-body/body.en.mdx "$WORK/big"
# control characters, a terminal title escape, a YAML break-out
put_meta "ctrl-title" "ctrl-title" concept 'T\u001b]0;pwned\u0007\n---\nevil: true\nx'
printf '\nok \033[31mred\033[0m \001\002 \377\376 bad utf-8 \300\200\n' >"$WORK/ctrl"
s3_put content/concept/ctrl-title/body.en.mdx "$WORK/ctrl"
# an edge whose target is not a slug
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#ctrl-title\"},\"SK\":{\"S\":\"EDGE#../../x\"},\"edge_type\":{\"S\":\"related\"},\"created_at\":{\"S\":\"$t\"}}}" >/dev/null
# a node whose type folder is a symlink out of the vault
put_meta "outside" "outside" essay "Outside"
printf '\nwould land outside\n' >"$WORK/o"
s3_put content/essay/outside/body.en.mdx "$WORK/o"
# a malformed updated_at
ddb PutItem "{\"TableName\":\"$TABLE\",\"Item\":{\"PK\":{\"S\":\"NODE#bad-time\"},\"SK\":{\"S\":\"META\"},\"slug\":{\"S\":\"bad-time\"},\"node_type\":{\"S\":\"concept\"},\"updated_at\":{\"S\":\"x\\ny\"}}}" >/dev/null

rc=0
"$STRATUS" --vault "$V" sync --pull-only >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 0 ] || fail "hostile data must not fail the sync ($rc): $(cat "$WORK/err")"
grep -q 'not a valid slug' "$WORK/err" || fail "bad slugs not warned: $(cat "$WORK/err")"
grep -q "type-escape: node type is not a safe name" "$WORK/err" || fail "type not refused: $(cat "$WORK/err")"
grep -q 'body over 5 MB' "$WORK/err" || fail "big body not refused"
grep -q 'outside the vault' "$WORK/err" || fail "symlink escape not refused: $(cat "$WORK/err")"
grep -q 'neutralised' "$WORK/err" || fail "control characters not warned"
grep -q 'bad-time: updated_at is missing or malformed' "$WORK/err" || fail "bad updated_at"
[ -z "$(ls -A "$OUT")" ] || fail "written outside the vault: $(ls -A "$OUT")"
[ ! -e "$WORK/escape.md" ] && [ ! -e "$V/../escape.md" ] || fail "escaped by slug"
[ ! -e /tmp/type-escape.md ] || fail "escaped by type"
find "$V" -name '*type-*' | grep -q . && fail "a node with a bad type was written"
[ ! -e "$V/concepts/big-body.md" ] || fail "big body written"
[ ! -e "$V/concepts/other-slug.md" ] && [ ! -e "$V/concepts/mismatch.md" ] || fail "mismatched slug written"
f="$V/concepts/ctrl-title.md"
[ -f "$f" ] || fail "ctrl-title not pulled"
if LC_ALL=C grep -q "$(printf '\033')" "$f"; then fail "ESC reached a note"; fi
if LC_ALL=C grep -q "$(printf '\001')" "$f"; then fail "a control character reached a note"; fi
grep -q '^evil:' "$f" && fail "a title broke out of its YAML value"
iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 || fail "invalid UTF-8 reached a note"
grep -q 'x/\.\./' "$f" && fail "bad edge target kept"
grep -q 'ok .*red' "$f" || fail "the body's text was lost"
echo "sync_hostile: ok"
