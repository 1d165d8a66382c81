#!/usr/bin/env python3
"""Looks a live error message up in a kbgen catalog, as a dashboard would.

    python3 examples/consume_catalog.py catalog.json ko "...the error message..."
"""
import json
import re
import sys

catalog_path, locale, message = sys.argv[1:4]
with open(catalog_path, encoding="utf-8") as f:
    catalog = json.load(f)

matches = []
for entry in catalog["entries"]:
    for candidate in entry["messages"]:
        flags = re.IGNORECASE if "i" in candidate["flags"] else 0
        found = re.search(candidate["pattern"], message, flags)
        if found:
            matches.append((candidate["specificity"], entry, found.groupdict()))
            break
matches.sort(key=lambda m: -m[0])  # most specific first

if not matches:
    sys.exit("no entry matches")
_, entry, values = matches[0]
print(entry["id"], "-", entry["title"][locale])
for name, value in values.items():
    print(f"  {name} = {value}")
for step in entry["resolution"][locale]:
    print("  *", step)  # CommonMark, links resolved
print("  ->", entry["url"][locale])
