#!/bin/sh
# cli_core.sh: the core commands as a user runs them, on the bundled notes
# and on a temporary vault: output, JSON shapes, exit statuses, errors.
set -u
. "$SRCDIR/tests/lib.sh"

V="$SRCDIR/content"

# --version, --help, and --help on every command.
out=$("$STRATUS" --version) || fail "--version failed"
case "$out" in "stratus "[0-9]*) ;; *) fail "--version said: $out" ;; esac
"$STRATUS" --help | grep -q '^  search ' || fail "--help lists no search"
for c in index search show links backlinks graph tags check init; do
	"$STRATUS" "$c" --help | grep -q "^usage: stratus $c" ||
		fail "$c --help has no usage line"
done
# The man page covers every command the binary has: each is the first
# word of a .TP tag in man/stratus.1 (after "(none)," for explore).
tags=$(awk 'prev == ".TP" { gsub(/\\f[BIR]|^\.B[IR]? |"|\(none\), /, ""); print $1 } { prev = $0 }' "$SRCDIR/man/stratus.1")
for c in $("$STRATUS" --help | awk '/^commands:/ {on=1; next} /^$/ {on=0} on {print $1}'); do
	printf '%s\n' "$tags" | grep -qx "$c" || fail "man/stratus.1 does not describe $c"
done
expect_status 2 "$STRATUS" frobnicate
expect_status 2 "$STRATUS" --bogus
expect_status 2 "$STRATUS" search --limit zero x

# search: text and JSON, accents folded, nothing found is status 1.
out=$("$STRATUS" --vault "$V" search --json --limit 5 lambda) ||
	fail "search lambda failed"
printf '%s' "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert 1 <= len(r) <= 5, len(r)
for h in r:
    assert set(h) == {"path","slug","title","lang","type","score","snippet","tags"}, h.keys()
    assert isinstance(h["tags"], list)
assert any(h["slug"] == "aws-lambda" for h in r), [h["slug"] for h in r]
' || fail "search --json shape"
"$STRATUS" --vault "$V" search --json 'lang:es funcion' | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert r and all(h["lang"] == "es" for h in r), r
' || fail "funcion does not find Spanish función"
expect_status 1 "$STRATUS" --vault "$V" search zzqqxxnotaword
# Operators alone leave nothing to search for: a usage error, not the vault.
for q in '(' '"' OR - 'tag:' 'links:'; do
	expect_status 2 "$STRATUS" --vault "$V" search "$q"
done
# Search as you type: a short last word never empties the results.
for q in 'cold st' 'cold s' 'cold'; do
	"$STRATUS" --vault "$V" search --json "$q" | python3 -c '
import json, sys
assert "cold-starts" in [h["slug"] for h in json.load(sys.stdin)][:3]
' || fail "'$q' does not find cold-starts"
done

# show: plain text when piped, no raw Markdown markers for headings.
out=$("$STRATUS" --vault "$V" show --width 60 serverless) || fail "show"
printf '%s\n' "$out" | grep -q '^# ' && fail "show printed a raw heading"
printf '%s\n' "$out" | python3 -c '
import sys, unicodedata
for line in sys.stdin.read().split("\n"):
    w = sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in line)
    assert w <= 60, (w, line)
' || fail "show wrote a line wider than 60 columns"
printf '%s' "$out" | grep -q "$(printf '\033')" && fail "ANSI when piped"

# On a terminal show is styled; under NO_COLOR with attributes only.
if command -v script >/dev/null 2>&1; then
	# (the index's progress, on the same terminal, may come first)
	"$STRATUS" --vault "$V" index >/dev/null 2>&1
	out=$(NO_COLOR= script -qc "'$STRATUS' --vault '$V' show --width 60 aws-lambda" /dev/null)
	printf '%s' "$out" | grep -q "$(printf '\033')\[[0-9;]*3[0-9]" ||
		fail "show on a terminal is not coloured"
	out=$(NO_COLOR=1 script -qc "'$STRATUS' --vault '$V' show --width 60 aws-lambda" /dev/null)
	printf '%s' "$out" | grep -q "$(printf '\033')\[0;1m" ||
		fail "show under NO_COLOR has no bold title"
	printf '%s' "$out" | grep -q "$(printf '\033')\[[0-9;]*;3[0-9]" &&
		fail "show under NO_COLOR is coloured"
fi

# An unknown note: status 1 and a suggestion.
err=$("$STRATUS" --vault "$V" show 'Cold strats' 2>&1 >/dev/null)
[ $? -eq 1 ] || fail "unknown note is not status 1"
printf '%s' "$err" | grep -qi 'cold starts' || fail "no suggestion: $err"

# links, backlinks, graph, tags.
"$STRATUS" --vault "$V" backlinks --json aws-lambda | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert len(r) >= 3, r
for l in r:
    assert {"path","slug","title","line","kind"} <= set(l), l
    assert l["line"] >= 1
' || fail "backlinks --json"
"$STRATUS" --vault "$V" links serverless | grep -q 'AWS Lambda' ||
	fail "links serverless does not show AWS Lambda"
"$STRATUS" --vault "$V" graph --format json | python3 -c '
import json, sys
g = json.load(sys.stdin)
slugs = {n["slug"] for n in g["nodes"]}
assert "serverless" in slugs and "start-here" in slugs
assert len(g["edges"]) > len(g["nodes"])
' || fail "graph --format json"
"$STRATUS" --vault "$V" graph --depth 1 aws-lambda | grep -q '"concepts/aws-lambda" ->' ||
	fail "graph dot around aws-lambda"
"$STRATUS" --vault "$V" tags | grep -q '#serverless' || fail "tags"

# The bundled notes are clean.
"$STRATUS" --vault "$V" check >/dev/null || fail "check reports problems in content/"

# A vault with problems: check says so, with status 1.
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
printf -- '---\ntitle: A\n---\nSee [[Nowhere]] and [[b]].\n[[b#Back]], [[b#Gone]], [[b#^k1]], [[b#^k9]], [[#Self]]\n\n## Self\n' > "$T/a.md"
printf -- '## Back\n\nBack to [[a]]. ^k1\n' > "$T/b.md"
printf -- 'Alone.\n' > "$T/c.md"
out=$("$STRATUS" --vault "$T" check)
[ $? -eq 1 ] || fail "check on a broken vault is not status 1"
printf '%s' "$out" | grep -q '^a.md:4: broken-link' || fail "no broken link: $out"
printf '%s' "$out" | grep -q '^c.md:1: orphan: no link' || fail "no orphan: $out"
# Links to headings and blocks that do not exist are broken too.
printf '%s' "$out" | grep -q '^a.md:5: broken-link: .*no heading or anchor "Gone"' ||
	fail "no broken heading link: $out"
printf '%s' "$out" | grep -q '^a.md:5: broken-link: .*no block "\^k9"' ||
	fail "no broken block link: $out"
[ "$(printf '%s\n' "$out" | grep -c '^a.md:5:')" -eq 2 ] ||
	fail "a heading or block that exists was reported: $out"

# Decks in the vault's slides/ are checked too.
mkdir -p "$T/slides"
printf -- '---\nlayout: nosuchlayout\n---\n\n# One\n\n```sh\nnever closed\n' > "$T/slides/bad.md"
out=$("$STRATUS" --vault "$T" check --json)
[ $? -eq 1 ] || fail "check with a bad deck is not status 1"
printf '%s' "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
d = [p for p in r if p["kind"] == "deck"]
assert d and all(p["path"] == "slides/bad.md" for p in d), r
assert any("nosuchlayout" in p["message"] for p in d), d
' || fail "deck problems missing from check --json: $out"
rm -rf "$T/slides"

# init copies the bundled notes into a new folder, and refuses a full one.
"$STRATUS" init "$T/new" >/dev/null || fail "init"
[ -f "$T/new/concepts/serverless.md" ] || fail "init did not copy notes"
expect_status 3 "$STRATUS" init "$T"

pass
