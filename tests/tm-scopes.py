#!/usr/bin/env python3
"""tm-scopes.py GRAMMAR FILE: the scopes a TextMate grammar gives FILE.

A small TextMate tokenizer, enough for editors/textmate/incant.tmLanguage.json:
top-level `match` and `begin`/`end` rules, `include` of repository entries,
`captures`, and `\\A` matching only on the first line (as in VS Code).  It
compiles every regex with Python's `re`, which shares the syntax the grammar
uses (look-around, classes, anchors) with Oniguruma, so a regex that does
not compile here is reported as an error.

Prints one line per run of characters with the same innermost scope:
    LINE:COL TEXT => SCOPE
with columns counted from 1 and "-" for text no rule claimed.
"""
import json
import re
import sys


def flatten(patterns, repo):
    """The rules of a pattern list, includes resolved, in order."""
    rules = []
    for p in patterns:
        if "include" in p:
            key = p["include"]
            if not key.startswith("#") or key[1:] not in repo:
                sys.exit("tm-scopes: unknown include " + key)
            rules += flatten([repo[key[1:]]], repo)
        elif "patterns" in p and "match" not in p and "begin" not in p:
            rules += flatten(p["patterns"], repo)
        else:
            rules.append(p)
    return rules


def compile_rx(src, first_line):
    if not first_line:
        src = src.replace("\\A", "(?!)")
    try:
        return re.compile(src)
    except re.error as e:
        sys.exit("tm-scopes: bad regex %r: %s" % (src, e))


def paint(scopes, m, name, captures):
    for i in range(m.start(), m.end()):
        scopes[i] = name or scopes[i]
    for group, cap in (captures or {}).items():
        g = int(group)
        if m.start(g) >= 0:
            for i in range(m.start(g), m.end(g)):
                scopes[i] = cap["name"]


def tokenize(grammar, text):
    rules = flatten(grammar["patterns"], grammar.get("repository", {}))
    region = None                      # the begin/end rule we are inside
    out = []
    for n, line in enumerate(text.split("\n")):
        scopes = ["-"] * len(line)
        pos = 0
        while pos <= len(line):
            if region:
                m = compile_rx(region["end"], n == 0).search(line, pos)
                stop = m.start() if m else len(line)
                for i in range(pos, stop):
                    scopes[i] = region["name"]
                if not m:
                    break
                paint(scopes, m, region["name"], region.get("endCaptures"))
                region, pos = None, max(m.end(), pos + 1)
                continue
            best = None
            for r in rules:
                m = compile_rx(r.get("match") or r["begin"], n == 0).search(line, pos)
                if m and (best is None or m.start() < best[1].start()):
                    best = (r, m)
            if not best:
                break
            r, m = best
            if "begin" in r:
                paint(scopes, m, r["name"], r.get("beginCaptures"))
                region = r
            else:
                paint(scopes, m, r.get("name"), r.get("captures"))
            pos = max(m.end(), pos + 1) if m.end() == m.start() else m.end()
        col = 0
        while col < len(line):
            end = col
            while end < len(line) and scopes[end] == scopes[col]:
                end += 1
            run = line[col:end]
            if run.strip():
                lead = len(run) - len(run.lstrip())
                out.append("%d:%d %s => %s" % (n + 1, col + lead + 1, run.strip(), scopes[col]))
            col = end
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        grammar = json.load(f)
    first = grammar.get("firstLineMatch")
    if first:
        compile_rx(first, True)
    with open(sys.argv[2]) as f:
        print("\n".join(tokenize(grammar, f.read())))


main()
