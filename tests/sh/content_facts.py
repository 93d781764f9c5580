"""content_facts.py: the checks of issue 14 on the bundled notes and talk.

Run by content.sh as: content_facts.py VAULT TALK. Exits non-zero with a
message naming the note and the promise it breaks. The facts themselves
live in the notes; this file only knows which figures must agree, which
model IDs are past end of life, which inputs a terraform module takes, and
what a link label that reads as prose looks like.
"""
import os
import re
import sys

root, talk = sys.argv[1], sys.argv[2]
notes = {}
for d, _, files in os.walk(root):
    for f in files:
        if f.endswith(".md"):
            path = os.path.join(d, f)
            notes[os.path.relpath(path, root)] = open(path, encoding="utf-8").read()
deck = open(talk, encoding="utf-8").read()
problems = []


def bad(where, what):
    problems.append("%s: %s" % (where, what))


def body(text):
    return text[4:].split("\n---\n", 1)[1]


def front(text, key):
    m = re.search(r"^%s:\s*(.*)$" % key, text[4:].split("\n---\n", 1)[0], re.M)
    return m.group(1).strip() if m else ""


def words(text):
    return len(body(text).split())


def tables(text):
    """Pipe tables outside code blocks, as lists of rows of cells."""
    out, cur, code = [], [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            code = not code
        if not code and line.startswith("|"):
            cur.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def dash(s):
    return s.replace("–", "-").replace(" ", "")


# 1. The cold-start table exists once per language and is embedded elsewhere.
def cold_tables(text, header):
    return [t for t in tables(text) if t and header in t[0][1]]

en_cold = {p: cold_tables(t, "Typical cold start") for p, t in notes.items()
           if not p.endswith(".es.md")}
en_cold = {p: v for p, v in en_cold.items() if v}
if list(en_cold) != ["concepts/cold-starts.md"]:
    bad("cold-start table", "kept in %s, want only concepts/cold-starts.md" % sorted(en_cold))
es_cold = {p: cold_tables(t, "Arranque típico") for p, t in notes.items()}
es_cold = {p: v for p, v in es_cold.items() if v}
if list(es_cold) != ["concepts/cold-starts.es.md"]:
    bad("cold-start table", "Spanish copy in %s, want only cold-starts.es.md" % sorted(es_cold))
canon = {}
if "concepts/cold-starts.md" in en_cold:
    for row in en_cold["concepts/cold-starts.md"][0][2:]:
        canon[row[0]] = row
        if row[0] == "Python" and "3.12" not in row[2]:
            bad("cold-starts.md", "Python SnapStart (3.12+) missing")
        if "AOT" in row[2]:
            bad("cold-starts.md", "Native AOT in the SnapStart column")
for where, rows in [("cold-starts.es.md", es_cold.get("concepts/cold-starts.es.md", [[[]]])[0][2:])]:
    for row in rows:
        if row[0] in canon and dash(row[1]) != dash(canon[row[0]][1]):
            bad(where, "%s cold start %s, cold-starts.md says %s" % (row[0], row[1], canon[row[0]][1]))
for t in tables(deck):
    if t and "Cold start" in " ".join(t[0]):
        for row in t[2:]:
            name = row[0].replace(" / ", "/")
            if name in canon and dash(row[1]) != dash(canon[name][1]):
                bad("talk", "%s cold start %s, cold-starts.md says %s" % (name, row[1], canon[name][1]))
            if name == "Python" and re.search(r"n/?a", row[2], re.I):
                bad("talk", "Python SnapStart shown as n/a")
            if "AOT" in row[2]:
                bad("talk", "Native AOT in the SnapStart column")
if "Aug 2025" not in deck and "August 2025" not in deck:
    bad("talk", "the cold-start slide does not mention the August 2025 init billing")
embeds = {p: re.findall(r"!\[\[([^]|]+)", t) for p, t in notes.items()}
if "cold-starts#How long they take" not in embeds.get("concepts/serverless.md", []):
    bad("serverless.md", "does not embed ![[cold-starts#How long they take]]")
if "cold-starts.es#Cuánto duran" not in embeds.get("concepts/serverless.es.md", []):
    bad("serverless.es.md", "does not embed ![[cold-starts.es#Cuánto duran]]")

# 2. The cost example exists once (plus its translation) and its figures
#    agree wherever they are repeated.
heads = [p for p, t in notes.items() if re.search(r"^## Worked cost example", t, re.M)]
if heads != ["concepts/serverless.md"]:
    bad("cost example", "headed in %s, want only serverless.md" % heads)
if "serverless#Worked cost example" not in embeds.get("concepts/finops.md", []):
    bad("finops.md", "does not embed ![[serverless#Worked cost example]]")
crossovers = {"8.7", "12.5", "15.4", "15.9", "5.6"}
everywhere = dict(notes)
everywhere["talk"] = deck
for p, t in everywhere.items():
    t = t.replace(",", ".") if p.endswith(".es.md") else t
    for m in re.finditer(r"\$ ?9\.(\d\d)|US\$9\.(\d\d)", t):
        cents = m.group(1) or m.group(2)
        if cents not in ("01", "18"):
            bad(p, "Fargate month of $9.%s; 730 hours give $9.01" % cents)
    for m in re.finditer(r"(\d+\.\d) ?(?:M\b|million|millones)", t):
        ctx = t[max(0, m.start() - 160):m.end() + 40].lower()
        if ("cross" in ctx or "cruce" in ctx or "overtakes" in ctx) \
                and m.group(1) not in crossovers and float(m.group(1)) < 50:
            bad(p, "crossover figure %s million is not one of %s" % (m.group(1), sorted(crossovers)))
    for m in re.finditer(r"(\d+\.\d) (?:requests in flight|requests in|peticiones\s+simultáneas)", t):
        if m.group(1) != "7.6":
            bad(p, "%s requests in flight; 100M x 0.2 s over 730 h is 7.6" % m.group(1))
    if re.search(r"~?(\d\.\d) requests in flight", t) and "7.6" not in t:
        bad(p, "requests in flight differ from 7.6")
s = notes.get("concepts/serverless.md", "")
for figure in ("$1.03", "$103.33", "$9.01", "$16.43", "12.5 million", "15.4 million", "7.6"):
    if figure not in s:
        bad("serverless.md", "cost example lacks %s" % figure)
es = notes.get("concepts/serverless.es.md", "")
for figure in ("US$1,03", "US$103,33", "US$9,01", "US$16,43", "12,5 millones", "15,4 millones", "7,6"):
    if figure not in es:
        bad("serverless.es.md", "cost example lacks %s" % figure)
for figure in ("8.7M", "12.5M", "7.6", "$9.01"):
    if figure not in deck:
        bad("talk", "crossover slide lacks %s" % figure)

# 3. No model ID past its end of life, and a way to list the current ones.
eol = re.compile(r"anthropic\.claude-(?:3-|instant|v2)|amazon\.titan-text-(?:lite|express)-v1")
for p, t in everywhere.items():
    for m in eol.finditer(t):
        bad(p, "end-of-life Bedrock model ID %s..." % t[m.start():m.start() + 40].split()[0])
if "list-foundation-models --region" not in notes.get("concepts/amazon-bedrock.md", ""):
    bad("amazon-bedrock.md", "does not show how to list a Region's models")

# 4. terraform snippets use only the inputs their module declares.
modules = {
    # source: (inputs the module declares, required inputs, major version)
    "jonmatum/serverless-modules/aws//modules/vpc": (
        {"name", "cidr", "azs", "private_subnets", "public_subnets",
         "enable_nat_gateway", "single_nat_gateway", "enable_vpc_endpoints",
         "tags"}, {"name", "azs"}, 3),
    "terraform-aws-modules/vpc/aws": (
        {"name", "cidr", "azs", "private_subnets", "public_subnets",
         "database_subnets", "enable_nat_gateway", "single_nat_gateway",
         "enable_vpn_gateway", "enable_dns_hostnames", "tags"}, set(), 6),
}
meta = {"source", "version", "providers", "count", "for_each", "depends_on"}
seen_module = False
for p, t in notes.items():
    for block in re.findall(r"```(?:hcl|terraform|tf)\n(.*?)```", t, re.S):
        for m in re.finditer(r'module\s+"[^"]+"\s*\{(.*?)\n\}', block, re.S):
            seen_module = True
            args = dict(re.findall(r'^\s*([a-z_]+)\s*=\s*(.*)$', m.group(1), re.M))
            src = args.get("source", "").strip('"')
            if src not in modules:
                bad(p, "terraform module %s is not one whose inputs we know" % src)
                continue
            known, required, major = modules[src]
            for arg in set(args) - meta - known:
                bad(p, "module %s has no input %s" % (src, arg))
            for arg in required - set(args):
                bad(p, "module %s needs input %s" % (src, arg))
            v = re.fullmatch(r'"~> (\d+)(?:\.\d+)*"', args.get("version", ""))
            if not v or int(v.group(1)) != major:
                bad(p, "module %s version %s, want \"~> %d.x\"" % (src, args.get("version"), major))
if not seen_module:
    bad("notes", "no terraform module snippet left to check")

# 5. Spanish notes carry at least 90 % of their English word count and
#    link the Spanish sibling of a note wherever one exists.
spanish = {p[:-6] for p in notes if p.endswith(".es.md")}
for stem in spanish:
    en, es_ = notes.get(stem + ".md"), notes[stem + ".es.md"]
    if en and words(es_) < 0.9 * words(en):
        bad(stem + ".es.md", "%d words, under 90 %% of the English %d" % (words(es_), words(en)))
es_slugs = {os.path.basename(s) for s in spanish}
for stem in spanish:
    t = body(notes[stem + ".es.md"])
    for target in re.findall(r"!?\[\[([^]|#]+)", t) + \
            [os.path.basename(x)[:-3] for x in re.findall(r"\]\(([^)#]+\.md)", t)] + \
            [os.path.basename(x) for x in re.findall(r"\]\((/[^)#.]+)\)", t)]:
        if target in es_slugs:
            bad(stem + ".es.md", "links %s, not its Spanish note %s.es" % (target, target))
    for calque in ("coste", "Funciones clave", "con intención", "pertenece a",
                   "se ha hecho el pedido", "entre dominios"):
        if calque in t:
            bad(stem + ".es.md", "calque or Spain-only word: %s" % calque)

# 6. Every link label reads as prose: no bare slug on screen.
slug = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+(?:#.*)?$")
for p, t in everywhere.items():
    text = re.sub(r"```.*?```", "", t, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    for m in re.finditer(r"(?<!!)\[\[([^]|]+)(?:\|([^]]+))?\]\]", text):
        label = m.group(2) if m.group(2) is not None else m.group(1)
        if slug.match(label.strip()) or (m.group(2) is None and "#" in m.group(1)):
            bad(p, "link [[%s]] shows a slug; give it a label" % m.group(0)[2:-2])
    for m in re.finditer(r"(?<![!\]])\[([^]\n]+)\]\([^)]+\)", text):
        if slug.match(m.group(1).strip()):
            bad(p, "link label %s is a slug" % m.group(1))

# 7. Tags and the author's backend as it is.
for note, tag in (("concepts/aws-lambda.md", "lambda"), ("concepts/amazon-dynamodb.md", "dynamodb"),
                  ("concepts/amazon-bedrock.md", "bedrock")):
    if not re.search(r"\b%s\b" % tag, front(notes.get(note, "---\n---\n"), "tags")):
        bad(note, "lacks the #%s tag" % tag)
for p, t in notes.items():
    if re.search(r"[\[ ,]events[\],]", front(t, "tags")):
        bad(p, "tag #events, merged into #event-driven")
    if front(t, "updated") < front(t, "created"):
        bad(p, "updated before created")
statuses = [front(t, "status") for t in notes.values()]
if statuses.count("evergreen") == len(statuses):
    bad("notes", "every note claims to be evergreen")
backend = notes.get("experiments/knowledge-graph-backend.md", "")
if "aws-step-functions" in front(backend, "concepts") or "starts an Express workflow" in backend:
    bad("knowledge-graph-backend.md", "capture described as a Step Functions workflow")
for p, t in notes.items():
    if "so the API can wait" in t or ("knowledge-graph-backend" in t and "Streams carrying changes onwards; the" in t):
        bad(p, "the backend described as it was (Express capture, Streams)")

if problems:
    print("\n".join(problems))
    sys.exit(1)
