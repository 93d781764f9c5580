#!/bin/sh
# images.sh: pictures in the presenter (tests/data/decks/pictures, a
# Slidev-shaped talk with public/ pictures, an image layout, an <img>, an
# Obsidian embed and remote URLs). Drawn as Unicode symbols in a
# pseudo-terminal (--images=symbols and [core] images), kept as alt text
# with --images=off, by `deck print` and by `show` to a pipe; a remote URL
# with no local copy is never fetched; hostile pictures (cut, huge, an SVG
# pointing at a listener on 127.0.0.1) leave the alt text box and make no
# request.
set -u
. "$SRCDIR/tests/lib.sh"
t=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$t"' EXIT
mkdir -m 700 "$t/run"
export XDG_RUNTIME_DIR="$t/run"
deck="$TESTDATA/decks/pictures/talk.md"

# deck print: the alt text, in the layout's box and inline
"$STRATUS" deck print --width 80 --height 24 "$deck" >"$t/print" ||
	fail "deck print exited $?"
grep -q "p99 latency per runtime" "$t/print" || fail "deck print: no layout alt"
grep -q "\[image: Request path: API gateway" "$t/print" ||
	fail "deck print: no inline alt"
grep -q "\[image: Vendor dashboard screenshot\]" "$t/print" ||
	fail "deck print: remote alt"
"$STRATUS" deck check "$deck" >/dev/null 2>&1 || fail "deck check fails"

# symbols: the pictures replace the boxes' alt text
cat >"$t/script" <<'PTY'
wait-for " 1/5"
keys \eOB
wait-for " 2/5"
wait-gone "p99 latency per runtime"
expect "Latency by runtime"
expect "▀"
keys \eOB
wait-for " 3/5"
wait-gone "Request path"
expect "Every box on the way adds a hop."
keys \eOB
wait-for " 4/5"
wait-gone "Us, after the launch"
keys \eOB
wait-for " 5/5"
expect "[image: Vendor dashboard screenshot]"
keys \eOA
wait-for " 4/5"
keys q
exit 0
PTY
"$PTYRUN" -s 30x100 -f "$t/script" -- "$STRATUS" present --images=symbols \
    "$deck" >"$t/out" 2>&1 || { cat "$t/out"; fail "symbols"; }

# the config key does the same; --images=off keeps the boxes
mkdir -p "$XDG_CONFIG_HOME/stratus"
printf '[core]\nimages = symbols\n' >"$XDG_CONFIG_HOME/stratus/config"
cat >"$t/script" <<'PTY'
wait-for " 1/5"
keys 3\r
wait-for " 3/5"
wait-gone "Request path"
keys q
exit 0
PTY
"$PTYRUN" -s 30x100 -f "$t/script" -- "$STRATUS" present "$deck" \
    >"$t/out" 2>&1 || { cat "$t/out"; fail "[core] images"; }
cat >"$t/script" <<'PTY'
wait-for " 1/5"
keys 3\r
wait-for " 3/5"
expect "[image: Request path: API gateway, function, queue]"
keys 2\r
wait-for " 2/5"
expect "p99 latency per runtime"
expect "┌──"
keys q
exit 0
PTY
"$PTYRUN" -s 30x100 -f "$t/script" -- "$STRATUS" present --images=off \
    "$deck" >"$t/out" 2>&1 || { cat "$t/out"; fail "--images=off"; }
rm -f "$XDG_CONFIG_HOME/stratus/config"
expect_status 2 "$STRATUS" present --images=sixel-please "$deck"

# show to a pipe: alt text
mkdir "$t/vault"
printf '# Note\n\n![Flame graph](chart.png)\n' >"$t/vault/note.md"
cp "$TESTDATA/images/chart.png" "$t/vault/chart.png"
"$STRATUS" --vault "$t/vault" show note >"$t/show" 2>&1 ||
	fail "show exited $?"
grep -q "\[image: Flame graph\]" "$t/show" || fail "show: no alt text"

# hostile pictures: no crash, the alt text stays, nothing fetched
python3 -c '
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(sys.argv[1], "a").write(self.path + "\n")
        self.send_response(404); self.end_headers()
    def log_message(self, *a): pass
s = socketserver.TCPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
' "$t/requests" "$t/port" &
pid=$!
wait_until 10 test -s "$t/port" || fail "no listener"
port=$(cat "$t/port")
mkdir "$t/h"
sed "s/PORT/$port/g" "$TESTDATA/images/external.svg" >"$t/h/external.svg"
cp "$TESTDATA/images/truncated.png" "$TESTDATA/images/huge.png" \
    "$TESTDATA/images/chart.png" "$t/h/"
cat >"$t/h/deck.md" <<EOF2
# Hostile pictures

![Cut short](truncated.png)

---

![Too large](huge.png)

---

![Points elsewhere](external.svg)

---

![Fetched?](http://127.0.0.1:$port/remote.png)
EOF2
cat >"$t/script" <<'PTY'
wait-for " 1/4"
expect "Cut short"
keys \eOB
wait-for " 2/4"
expect "Too large"
keys \eOB
wait-for " 3/4"
wait-gone "Points elsewhere"
keys \eOB
wait-for " 4/4"
expect "[image: Fetched?]"
keys q
exit 0
PTY
"$PTYRUN" -s 24x80 -f "$t/script" -- "$STRATUS" present --images=symbols \
    "$t/h/deck.md" >"$t/out" 2>&1 || { cat "$t/out"; fail "hostile"; }
# a request would have been logged by now (the listener answers at once)
[ ! -s "$t/requests" ] || fail "fetched: $(cat "$t/requests")"
pass
