#!/usr/bin/env python3
# gen.py: make a synthetic vault for the benchmarks: N notes in folders,
# YAML frontmatter (title, summary, type, status, tags, aliases, concepts,
# dates), about 2 KB median body, six links per note in every style
# stratus reads (wikilinks by slug and by title, labels, headings,
# embeds, Markdown relative links, site paths, some broken), one note in
# ten with a Spanish translation. Words follow a Zipf law over a 30,000
# word vocabulary (domain words first, then made-up words), so a query
# word matches a few notes or most of them, as in real text; a few
# collocations ("cold start") make phrase queries meaningful.
# Deterministic: the same N and seed give the same vault.
#
# usage: python3 bench/gen.py N DIR [SEED]
#        python3 bench/gen.py --queries      (the 50 benchmark queries)
import bisect
import itertools
import os
import random
import sys

DOMAIN = """the a of and to in for with on is function lambda serverless
cold start latency memory timeout concurrency provisioned reserved
throttle retry idempotent event source queue topic stream shard
partition key table index item capacity read write consistent
transaction bucket object prefix upload multipart presigned gateway
route stage authorizer integration proxy request response payload
schema validation state machine workflow step orchestration saga
container fargate task cluster service image registry deploy pipeline
stack template parameter role policy permission encryption secret
metric alarm dashboard trace span log retention cost budget forecast
allocation savings architecture pattern scale burst quota limit
region zone availability durability backup restore replication edge
cache origin distribution observability telemetry billing invocation
duration price tier usage operational overhead team ownership domain
contract version migration rollback canary traffic deployment test
emulator mock vendor portability standard""".split()

ES = """el la de y en que los del se las por un para con una su al es
lo como más pero sus le ya o este sí porque esta entre cuando muy sin
sobre también me hasta hay donde quien desde todo nos durante todos
uno les ni contra otros función servidor latencia memoria arranque
frío tiempo espera concurrencia cola tema flujo partición clave tabla
índice capacidad lectura escritura transacción cubo objeto pasarela
ruta etapa integración petición respuesta esquema validación máquina
estados orquestación contenedor tarea clúster servicio imagen
despliegue canalización pila plantilla parámetro política permiso
cifrado secreto métrica alarma panel traza registro retención coste
presupuesto previsión etiqueta ahorro arquitectura patrón escala
ráfaga cuota límite región zona disponibilidad durabilidad réplica
observabilidad facturación invocación duración precio nivel equipo
dominio contrato versión migración computación""".split()

COLLOCATIONS = ["cold start", "event source", "step functions",
                "provisioned concurrency", "single table design",
                "dead letter queue", "api gateway", "state machine"]

TAGS = """aws serverless compute storage database messaging events
integration security observability cost finops iac containers api
patterns performance reliability networking devops testing data
ai analytics edge migration governance""".split()

TYPES = ["concept", "note", "experiment", "essay"]
STATUSES = ["seed", "growing", "evergreen"]
FOLDERS = ["concepts", "patterns", "services", "experiments", "essays",
           "notes/2024", "notes/2025", "notes/2026", "guides", "reference"]

SYL = ["ka", "lo", "mi", "ren", "tas", "vo", "qui", "zen", "dra", "pel",
       "sur", "ton", "bex", "gri", "nal", "fo", "hu", "jet", "wip", "cor"]
VOCAB_SIZE = 30000


def made_up(i):
    # a pronounceable word, different for every i
    s, n = [], i + 400
    while n:
        s.append(SYL[n % len(SYL)])
        n //= len(SYL)
    return "".join(s)


def vocabulary():
    words = list(DOMAIN)
    i = 0
    while len(words) < VOCAB_SIZE:
        words.append(made_up(i))
        i += 1
    return words


def zipf_cum(n, s=1.07):
    return list(itertools.accumulate(1.0 / (r ** s) for r in
                                     range(1, n + 1)))


class Words:
    def __init__(self, words, rng):
        self.words = words
        self.cum = zipf_cum(len(words))
        self.total = self.cum[-1]
        self.rng = rng

    def take(self, k):
        r = self.rng.random
        return [self.words[bisect.bisect_left(self.cum, r() * self.total)]
                for _ in range(k)]


def sentence(words, n):
    w = words.take(n)
    if words.rng.random() < 0.15:
        w.insert(words.rng.randrange(len(w)),
                 words.rng.choice(COLLOCATIONS))
    s = " ".join(w)
    return s[0].upper() + s[1:] + "."


def slugify(t):
    out, dash = [], False
    for ch in t.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def body_len(rng):
    # lognormal around 2 KB median, clipped to 300 B .. 20 KB
    return max(300, min(20000, int(rng.lognormvariate(7.6, 0.5))))


def link(rng, notes, me):
    j = rng.randrange(len(notes))
    if j == me:
        j = (j + 1) % len(notes)
    slug, title, folder = notes[j]
    myfolder = notes[me][2]
    style = rng.randrange(8)
    if style == 0:
        return "[[%s]]" % slug
    if style == 1:
        return "[[%s]]" % title
    if style == 2:
        return "[[%s|%s]]" % (slug, rng.choice(DOMAIN[10:]))
    if style == 3:
        return "[[%s#Overview]]" % slug
    if style == 4:
        up = "../" * (myfolder.count("/") + 1)
        return "[%s](%s%s/%s.md)" % (title, up, folder, slug)
    if style == 5:
        return "[%s](/%s/%s)" % (rng.choice(DOMAIN[10:]), folder, slug)
    if style == 6:
        return "[[missing-%d]]" % rng.randrange(len(notes) * 2)
    return "![[%s]]" % slug


def write_note(path, fm, body):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\n")
        for k, v in fm:
            f.write("%s: %s\n" % (k, v))
        f.write("---\n\n")
        f.write(body)


def make_body(words, title, links, target):
    rng = words.rng
    parts = ["# %s\n\n" % title, "## Overview\n\n"]
    size = sum(len(p) for p in parts)
    li = 0
    para = 0
    while size < target or li < len(links):
        s = sentence(words, rng.randint(8, 20))
        if li < len(links) and rng.random() < 0.5:
            s = s[:-1] + " " + links[li] + "."
            li += 1
        parts.append(s + " ")
        size += len(s) + 1
        if rng.random() < 0.2:
            parts.append("\n\n")
            para += 1
            if para % 4 == 0:
                h = words.take(1)[0].capitalize()
                parts.append("## %s %d\n\n" % (h, para))
            elif para % 5 == 0:
                parts.append("- %s\n- %s\n\n" % (sentence(words, 5),
                                                 sentence(words, 6)))
    parts.append("\n")
    return "".join(parts)


def queries():
    # 50 queries: words of every frequency, AND, phrases, prefixes (the
    # last word is always a prefix), filters, OR, NOT, Spanish.
    v = vocabulary()
    q = []
    for rank in (10, 12, 30, 60, 90, 140, 200, 400, 800, 1500, 3000,
                 6000, 12000, 25000):
        q.append(v[rank])
    q += ["lambda", "fargate", "latency", "billing", "idempotent",
          "quota"]
    q += ["cold start", "lambda timeout", "queue retry", "%s %s" %
          (v[300], v[2000]), "%s %s" % (v[50], v[150]),
          "bucket presigned upload", "%s %s %s" % (v[20], v[500], v[5000]),
          "cost allocation budget", "cluster image registry",
          "canary rollback"]
    q += ['"cold start"', '"step functions"', '"dead letter queue"',
          '"api gateway" route', '"state machine" workflow']
    q += ["lamb*", "conc*", "thr*", "obs", v[1000][:4]]
    q += ["tag:aws lambda", "type:concept cold", "status:seed queue",
          "lang:es función", "tag:cost -tag:aws budget"]
    q += ["fargate OR lambda", "lambda -fargate", "(queue OR stream) shard"]
    q += ["funcion", "facturacion"]
    return q


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--queries":
        for q in queries():
            print(q)
        return
    if len(sys.argv) < 3:
        sys.exit("usage: gen.py N DIR [SEED] | gen.py --queries")
    n = int(sys.argv[1])
    root = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    en = Words(vocabulary(), rng)
    es = Words(ES, rng)
    notes = []
    for i in range(n):
        t = " ".join(w.capitalize() for w in
                     rng.sample(DOMAIN[10:], rng.randint(2, 4))) + \
            " " + str(i)
        notes.append((slugify(t), t, FOLDERS[i % len(FOLDERS)]))
    for i, (slug, title, folder) in enumerate(notes):
        links = [link(rng, notes, i) for _ in range(6)]
        tags = rng.sample(TAGS, rng.randint(1, 4))
        concepts = [notes[rng.randrange(n)][0] for _ in range(2)]
        typ = rng.choice(TYPES)
        fm = [("title", '"%s"' % title),
              ("summary", '"%s"' % sentence(en, 14)),
              ("type", typ),
              ("status", rng.choice(STATUSES)),
              ("tags", "[%s]" % ", ".join(tags)),
              ("lang", "en"),
              ("concepts", "[%s]" % ", ".join(concepts)),
              ("created", "20%02d-%02d-%02d" % (rng.randint(22, 25),
                                                rng.randint(1, 12),
                                                rng.randint(1, 28))),
              ("updated", "2026-%02d-%02d" % (rng.randint(1, 12),
                                              rng.randint(1, 28)))]
        if rng.random() < 0.3:
            fm.insert(2, ("aliases", "[%s]" % (title.split()[0] + " " +
                                               str(i))))
        body = make_body(en, title, links, body_len(rng))
        write_note(os.path.join(root, folder, slug + ".md"), fm, body)
        if i % 10 == 0:
            es_title = sentence(es, 3)[:-1] + " " + str(i)
            fm_es = [("title", '"%s"' % es_title),
                     ("summary", '"%s"' % sentence(es, 12)),
                     ("type", typ),
                     ("tags", "[%s]" % ", ".join(tags)),
                     ("lang", "es"),
                     ("slug", slug),
                     ("updated", "2026-%02d-%02d" % (rng.randint(1, 12),
                                                     rng.randint(1, 28)))]
            body = make_body(es, es_title, links, body_len(rng))
            write_note(os.path.join(root, folder, slug + ".es.md"), fm_es,
                       body)


if __name__ == "__main__":
    main()
