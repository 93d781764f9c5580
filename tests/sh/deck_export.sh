#!/bin/sh
# deck_export.sh: `stratus export --html`: the file parses as well-formed
# XML, holds every shown slide (every step, the notes hidden), prints one
# slide per page and fetches nothing (no http(s) in src, href or url()).
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
status=0
for deck in serverless-first features; do
	"$STRATUS" export --html "$t/$deck.html" "$SRCDIR/slides/$deck.md" ||
		{ echo "FAIL: export $deck"; status=1; continue; }
	"$STRATUS" deck print --width 100 --height 30 \
	    "$SRCDIR/slides/$deck.md" >"$t/$deck.txt"
	python3 - "$t/$deck.html" "$t/$deck.txt" "$SRCDIR/slides/$deck.md" <<'PY' || status=1
import re, sys, html.parser, xml.etree.ElementTree as ET

path, frames, src = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
root = ET.fromstring(text)              # well-formed, or this raises
sections = [e for e in root.iter("section") if "slide" in e.get("class", "")]
steps = [e for e in root.iter("pre") if "step" in e.get("class", "")]
nframes = open(frames, encoding="utf-8").read().count("\f") + 1
fail = []
if len(steps) != nframes:
    fail.append("%d steps in HTML, %d frames in deck print" % (len(steps), nframes))
body = "".join(root.itertext())
for line in open(frames, encoding="utf-8"):
    s = line.strip()
    if s and not s.startswith(("━", "─")) and "/" not in s[-6:] and s not in body:
        fail.append("frame text missing from the HTML: %r" % s)
        break
notes = [e for e in root.iter("aside") if "notes" in e.get("class", "")]
if len(notes) != len(sections):
    fail.append("%d notes for %d slides" % (len(notes), len(sections)))
css = "".join(e.text or "" for e in root.iter("style"))
if not re.search(r"aside\.notes\{display:none", css):
    fail.append("notes are not hidden")
if "@media print" not in css or "break-after:page" not in css:
    fail.append("no one-slide-per-page print style")
# nothing fetched: no URL in src/url()/@import, no external element; an
# <a> opens its external URL only when clicked, in a new tab, without
# opener; an <img> only shows a data: URI
for e in root.iter():
    for k, v in e.attrib.items():
        if e.tag == "a" and k == "href":
            if not re.match(r"(?i)(https?|mailto):", v) or \
               e.get("target") != "_blank" or e.get("rel") != "noopener":
                fail.append("link %r is not an external new-tab link" % v)
            continue
        if e.tag == "img" and k == "src":
            if not v.startswith("data:image/"):
                fail.append("<img src=%r>" % v[:40])
            continue
        if k in ("src", "href", "data", "poster", "srcset", "action") or \
           re.search(r"(?i)https?:|//", v) and k != "content":
            fail.append("attribute %s=%r on <%s> may fetch" % (k, v, e.tag))
    if e.tag in ("link", "iframe", "object", "embed", "video", "audio", "source"):
        fail.append("<%s> element" % e.tag)
if re.search(r"url\(|@import", css):
    fail.append("url() or @import in CSS")
scripts = "".join(e.text or "" for e in root.iter("script"))
if re.search(r"fetch\(|XMLHttpRequest|https?:", scripts):
    fail.append("the script reaches the network")
# the HTML parser agrees it is complete
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.stack = []
    def handle_starttag(self, t, a):
        self.stack.append(t)
    def handle_startendtag(self, t, a):
        pass
    def handle_endtag(self, t):
        if not self.stack or self.stack.pop() != t: fail.append("misnested </%s>" % t)
p = P(); p.feed(text); p.close()
if p.stack: fail.append("unclosed: %s" % p.stack)
if fail:
    print("FAIL: %s: %s" % (path, "; ".join(fail[:5]))); sys.exit(1)
print("ok: %s: %d slides, %d steps" % (path.rsplit("/", 1)[-1], len(sections), len(steps)))
PY
done
grep -c '<section class="slide"' "$t/serverless-first.html" | {
	read n
	[ "$n" -eq 19 ] || { echo "FAIL: $n slides in the talk's HTML, want 19"; exit 1; }
} || status=1
grep -q 'A hidden slide' "$t/features.html" && { echo "FAIL: hidden slide exported"; status=1; }
exit $status
