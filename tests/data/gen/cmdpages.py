#!/usr/bin/env python3
"""cmdpages.py: write a collection of command pages shaped like the tldr
pages (a folder per platform, one short page per command named after it,
`# name`, a quoted description, examples as `- text:` plus a code line,
"See also" lines), where every page mentions other commands in its
examples and popular commands (tar, ls, grep, git...) are mentioned in
hundreds of pages. Deterministic (a fixed seed).

usage: cmdpages.py DIR [NPAGES]   writes the vault, prints the names of
                                  the 100 commands to query, one a line
"""
import os
import random
import sys

POPULAR = ["tar", "ls", "grep", "git", "find", "ssh", "cat", "curl", "sed",
           "awk", "docker", "make", "cp", "mv", "rm", "chmod", "sort",
           "xargs", "less", "ps", "kill", "zip", "gzip", "rsync", "head"]
FAMILIES = {"git": ["commit", "push", "pull", "log", "rebase", "stash",
                    "branch", "checkout", "diff", "status"],
            "docker": ["run", "build", "compose", "ps", "exec", "image"],
            "apt": ["get", "cache", "key"], "npm": ["install", "run"],
            "kubectl": ["get", "apply", "logs", "describe"]}
SYL = ["ba", "ko", "zu", "ri", "ta", "ne", "lo", "sa", "mi", "du", "fe",
       "gra", "pli", "vo", "xe", "qu", "tor", "ix", "ar", "en"]
PLATFORMS = ["common", "common", "common", "linux", "linux", "osx",
             "windows", "android", "sunos"]
VERBS = ["List", "Show", "Create", "Extract", "Compare", "Print", "Remove",
         "Copy", "Search", "Download", "Compress", "Watch", "Count"]
OBJECTS = ["files", "the archive", "a directory", "lines", "processes",
           "a remote host", "the output", "a pattern", "an image",
           "packages", "the log", "a branch"]


def made_up(rng, taken):
    while True:
        n = "".join(rng.choice(SYL) for _ in range(rng.choice([2, 2, 3])))
        if rng.random() < 0.2:
            n += rng.choice(["ctl", "d", "fs", "sh", "-cli"])
        if n not in taken:
            return n


def page(rng, name, title, others):
    out = ["# " + title, "",
           "> %s %s with %s." % (rng.choice(VERBS), rng.choice(OBJECTS),
                                 title),
           "> Often combined with `%s`." % rng.choice(others),
           "> More information: <https://example.org/cmd/%s>." % name, ""]
    for _ in range(rng.randint(4, 8)):
        other = rng.choice(others)
        out.append("- %s %s, piping to `%s`:" % (rng.choice(VERBS),
                   rng.choice(OBJECTS), other))
        out.append("")
        out.append("`%s {{path/to/file}} | %s -%s`" % (title, other,
                   rng.choice("acfltvx")))
        out.append("")
    out.append("- See also: %s." % ", ".join(
        "`%s`" % o for o in rng.sample(others, 3)))
    return "\n".join(out) + "\n"


def main():
    top = sys.argv[1]
    npages = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    rng = random.Random(1213)
    names = list(POPULAR)
    titles = {n: n for n in names}
    for base, subs in FAMILIES.items():
        if base not in titles:
            names.append(base)
            titles[base] = base
        for s in subs:
            n = base + "-" + s
            names.append(n)
            titles[n] = base + " " + s
    while len(names) < npages:
        n = made_up(rng, titles)
        names.append(n)
        titles[n] = n
    # popular commands are mentioned most
    weights = [40 if n in POPULAR else 1 for n in names]
    for n in names:
        plats = [rng.choice(PLATFORMS)]
        if rng.random() < 0.08:
            plats.append(rng.choice(["linux", "osx", "windows"]))
        for p in set(plats):
            d = os.path.join(top, p)
            os.makedirs(d, exist_ok=True)
            others = [o for o in rng.choices(names, weights, k=12) if o != n]
            with open(os.path.join(d, n + ".md"), "w") as f:
                f.write(page(rng, n, titles[n], others or ["ls"]))
    # the queries: every popular command and family, then made-up ones
    fixed = POPULAR + [b for b in FAMILIES if b not in POPULAR]
    rest = [n for n in names if n not in fixed]
    for q in (fixed + rng.sample(rest, 100 - len(fixed)))[:100]:
        print(titles[q])


main()
