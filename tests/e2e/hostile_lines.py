#!/usr/bin/env python3
"""Hostile log lines for every message of a kbgen catalog, timed in CPython's `re`.

    python3 tests/e2e/hostile_lines.py catalog.json recipes.json

Builds, for each message, lines of 64 KiB made to be slow for a backtracking engine (the
message's prefix repeated without its end, one placeholder stretched over many copies of the
text after it, a near miss repeated, long runs of one character), writes them as compact
recipes to RECIPES (for tests/e2e/hostile_lines.mjs, which times JavaScript's RegExp on the
same lines), and times each search here. Prints the figures; exits 1 only if one search takes
over 2.5 s, ten times the target of 0.25 s (a catastrophic regression, not noise).
"""
import json
import re
import sys
import time

LINE = 65536
LIMIT = 2.5


def pieces(message):
    """The message as literals and (placeholder name, filler) slots."""
    names = {p["name"]: (p["values"][0] if p["values"] else "x") for p in message["placeholders"]}
    literals, slots, last = [], [], 0
    for match in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", message["text"]):
        if match.group(1) not in names:
            continue
        literals.append(message["text"][last:match.start()])
        slots.append(names[match.group(1)])
        last = match.end()
    literals.append(message["text"][last:])
    return literals, slots


def recipes(message):
    """Each recipe: [prefix, repeated unit] -> prefix + unit * n, cut to LINE characters."""
    literals, slots = pieces(message)
    out = [["", "a"], ["", " "], ["", "x "]]
    filled = "".join(l + s for l, s in zip(literals, slots)) + literals[-1]
    out.append(["", filled[:-1] + " "])  # a near miss, repeated
    if slots:
        # The prefix up to each placeholder repeated without what follows (quadratic for an
        # unbounded lazy group), and each placeholder stretched over copies of its next literal.
        out.append(["", "".join(l + s for l, s in zip(literals[:-1], slots))])
        for i in range(len(slots)):
            prefix = "".join(l + s for l, s in zip(literals[:i], slots[:i])) + literals[i]
            out.append([prefix, slots[i] + literals[i + 1]])
        if not literals[0].strip():
            out.append(["", "x"])  # one long word before the first literal
    return out


def line(recipe):
    prefix, unit = recipe
    return (prefix + unit * (LINE // max(1, len(unit)) + 1))[:LINE]


def main():
    catalog_path, recipes_path = sys.argv[1:3]
    with open(catalog_path, encoding="utf-8") as f:
        catalog = json.load(f)
    cases = []
    for entry in catalog["entries"]:
        for message in entry["messages"]:
            message = dict(message, placeholders=entry["placeholders"])
            cases.append({"id": entry["id"], "pattern": message["pattern"], "recipes": recipes(message)})
    with open(recipes_path, "w", encoding="utf-8") as f:
        json.dump(cases, f)
    worst, searches, total = (0.0, None), 0, 0.0
    for case in cases:
        compiled = re.compile(case["pattern"], re.IGNORECASE)
        for recipe in case["recipes"]:
            text = line(recipe)
            start = time.perf_counter()
            compiled.search(text)
            took = time.perf_counter() - start
            searches += 1
            total += took
            if took > worst[0]:
                worst = (took, f"{case['id']} with {recipe[1][:40]!r} repeated")
    print(f"CPython re: {searches} searches of 64 KiB hostile lines over {len(cases)} patterns, "
          f"{total:.1f} s in all; slowest {worst[0] * 1000:.1f} ms ({worst[1]})")
    if worst[0] > LIMIT:
        sys.exit(f"a search took {worst[0]:.2f} s: over {LIMIT} s, catastrophic backtracking")


if __name__ == "__main__":
    main()
