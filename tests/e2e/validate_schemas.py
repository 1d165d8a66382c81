#!/usr/bin/env python3
"""Validates kbgen's outputs with an independent JSON Schema validator (Python `jsonschema`):
the catalog against schemas/catalog.schema.json, and every file of a KB against the schema its
name calls for. A file known to be invalid must be rejected too, so that a schema that accepts
anything cannot pass.

    python3 tests/e2e/validate_schemas.py SCHEMAS_DIR CATALOG_JSON KB_DIR
"""
import json
import os
import sys

import jsonschema
import yaml


def schema_for(name):
    if name == "glossary.yaml":
        return "glossary"
    if name == "kb.yaml":
        return "kb"
    if name.startswith("kb."):
        return "kb-translation"
    if name == "topic.yaml":
        return "topic"
    if name.startswith("topic."):
        return "topic-translation"
    return "entry" if name.count(".") == 1 else "translation"


def main():
    schemas_dir, catalog_path, kb_dir = sys.argv[1:4]
    schemas = {}
    for file in sorted(os.listdir(schemas_dir)):
        with open(os.path.join(schemas_dir, file), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#", file
        schemas[file.removesuffix(".schema.json")] = schema

    with open(catalog_path, encoding="utf-8") as f:
        catalog = json.load(f)
    jsonschema.Draft7Validator(schemas["catalog"]).validate(catalog)
    print(f"catalog: {len(catalog['entries'])} entries valid against catalog.schema.json")
    compact_path = catalog_path.replace("catalog.json", "catalog-compact.json")
    if os.path.exists(compact_path):
        with open(compact_path, encoding="utf-8") as f:
            compact = json.load(f)
        jsonschema.Draft7Validator(schemas["catalog-compact"]).validate(compact)
        print(f"compact catalog: {len(compact['entries'])} entries valid against catalog-compact.schema.json")

    checked = 0
    for dirpath, _, files in os.walk(kb_dir):
        for file in sorted(files):
            if not file.endswith(".yaml"):
                continue
            with open(os.path.join(dirpath, file), encoding="utf-8") as f:
                document = yaml.safe_load(f)
            jsonschema.Draft7Validator(schemas[schema_for(file)]).validate(document)
            checked += 1
    print(f"kb: {checked} files valid against their schemas")

    wrong = {"title": "x", "error": {"messages": ["m"]}, "causes": ["c"], "resolution": ["r"], "cuases": []}
    try:
        jsonschema.Draft7Validator(schemas["entry"]).validate(wrong)
    except jsonschema.ValidationError as error:
        print(f"negative control rejected as expected: {error.message}")
    else:
        sys.exit("the entry schema accepted an unknown field")


if __name__ == "__main__":
    main()
