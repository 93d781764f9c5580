#!/usr/bin/env python3
# gen-hostile.py: the pathological vaults of the benchmark (issue 13):
#
#   big    one 4 MB note of a single sentence repeated (100,000+ hits of
#          its words) beside two small notes
#   links  one note with 50,000 links (wikilinks, labels, headings,
#          Markdown links, some broken) to the 1,000 notes beside it
#   flat   one folder holding 100,000 small notes
#
# Deterministic; each vault is written from nothing into DIR.
#
# usage: python3 bench/gen-hostile.py big|links|flat DIR
import os
import random
import shutil
import sys

SENTENCE = ("Serverless functions scale to zero when no request arrives, so "
            "serverless costs follow traffic. ")


def note(path, title, body, tags=()):
    with open(path, "w", encoding="utf-8") as f:
        f.write("---\ntitle: %s\n" % title)
        if tags:
            f.write("tags: [%s]\n" % ", ".join(tags))
        f.write("---\n\n# %s\n\n%s\n" % (title, body))


def big(root):
    with open(os.path.join(root, "big.md"), "w", encoding="utf-8") as f:
        f.write("# Big\n\n" + SENTENCE * (4 * 1024 * 1024 // len(SENTENCE)))
    note(os.path.join(root, "small.md"), "Small",
         "A small note about serverless queues.")
    note(os.path.join(root, "other.md"), "Other",
         "Step Functions retry a failed state with backoff.")


def links(root, targets=1000, count=50000):
    rng = random.Random(13)
    os.makedirs(os.path.join(root, "notes"))
    for i in range(targets):
        note(os.path.join(root, "notes", "target-%04d.md" % i),
             "Target %d" % i,
             "Target note %d links back to [[hub]] once." % i,
             ("hostile", "t%d" % (i % 10)))
    lines = []
    for i in range(count):
        t = rng.randrange(targets)
        k = i % 6
        if k == 0:
            s = "[[target-%04d]]" % t
        elif k == 1:
            s = "[[target-%04d|the %dth target]]" % (t, t)
        elif k == 2:
            s = "[[Target %d#Target %d]]" % (t, t)
        elif k == 3:
            s = "[target %d](notes/target-%04d.md)" % (t, t)
        elif k == 4:
            s = "[[missing-%d]]" % (i % 500)
        else:
            s = "![[target-%04d]]" % t if i % 600 == 5 else "[[target-%04d]]" % t
        lines.append("- link %d: %s" % (i, s))
    note(os.path.join(root, "hub.md"), "Hub",
         "A note that links to everything.\n\n" + "\n".join(lines),
         ("hostile",))


def flat(root, count=100000):
    rng = random.Random(100)
    words = ("lambda queue table bucket event stream function retry "
             "budget trace alarm cache gateway route schema").split()
    d = os.path.join(root, "inbox")
    os.makedirs(d)
    for i in range(count):
        w = " ".join(rng.choice(words) for _ in range(12))
        a, b = rng.randrange(count), rng.randrange(count)
        with open(os.path.join(d, "n%06d.md" % i), "w") as f:
            f.write("# Note %d\n\n%s, see [[n%06d]] and [[n%06d]].\n"
                    % (i, w, a, b))


def main():
    kinds = {"big": big, "links": links, "flat": flat}
    if len(sys.argv) != 3 or sys.argv[1] not in kinds:
        sys.exit("usage: gen-hostile.py big|links|flat DIR")
    root = sys.argv[2]
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    kinds[sys.argv[1]](root)


if __name__ == "__main__":
    main()
