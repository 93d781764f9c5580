#!/bin/sh
# sync_tls.sh: TLS certificates are always checked. An endpoint with a
# self-signed certificate is refused with a clear error and nothing is
# sent past the handshake; no option or setting turns the check off.
set -eu
. "$SRCDIR/tests/sync/lib.sh"
sync_need_servers
command -v openssl >/dev/null 2>&1 || fail "openssl (the command) is needed to make a test certificate"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" \
    -out "$WORK/cert.pem" -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || fail "openssl req"
cat >"$WORK/tls.js" <<'JS'
const fs = require('fs'), https = require('https');
const [key, cert, portFile, log] = process.argv.slice(2);
const s = https.createServer({key: fs.readFileSync(key), cert: fs.readFileSync(cert)},
    (req, res) => { fs.appendFileSync(log, req.method + ' ' + req.url + '\n');
	res.writeHead(200, {'Content-Type': 'application/x-amz-json-1.0'});
	res.end('{"Items":[],"Count":0}'); });
s.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(s.address().port)));
setTimeout(() => process.exit(0), 120000).unref();
JS
node "$WORK/tls.js" "$WORK/key.pem" "$WORK/cert.pem" "$WORK/tls.port" "$WORK/tls.log" &
SYNC_PIDS="$SYNC_PIDS $!"
wait_file "$WORK/tls.port" 10
URL="https://127.0.0.1:$(cat "$WORK/tls.port")"
sync_config "$URL" "$URL"
V="$WORK/vault"
mkdir -p "$V"
printf -- '---\ntitle: T\n---\n\nBody.\n' >"$V/t.md"
rc=0
"$STRATUS" --vault "$V" sync >"$WORK/out" 2>"$WORK/err" || rc=$?
[ "$rc" = 3 ] || fail "a self-signed certificate must fail the sync (3), got $rc: $(cat "$WORK/err")"
grep -qi 'certificate' "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
[ ! -s "$WORK/tls.log" ] || fail "a request got through: $(cat "$WORK/tls.log")"
# the curl tool's escape hatch is no way around it either
rc=0
CURL_CA_BUNDLE="$WORK/cert.pem" "$STRATUS" --vault "$V" sync --dry-run \
    >/dev/null 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "CURL_CA_BUNDLE let a self-signed endpoint through"
"$STRATUS" sync --help >"$WORK/help"
if grep -qi 'insecure\|no-verify\|verify' "$WORK/help"; then fail "an option to skip TLS checks"; fi
if grep -rn 'SSL_VERIFYPEER\|SSL_VERIFYHOST' "$SRCDIR/src"; then fail "TLS checks are configurable in the source"; fi
echo "sync_tls: ok"
