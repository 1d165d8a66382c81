#!/usr/bin/env python3
"""`kbgen check` and the JSON Schemas agree, file by file (Python `jsonschema`, YAML 1.2).

    python3 tests/e2e/schemas_agree.py KBGEN SCHEMAS_DIR KB_DIR [KB_DIR ...]

For every YAML file of every KB: a file that `check` accepts (no error points into it) must
validate against its schema, and a file that `check` refuses for a type reason (wrong-type,
unknown-field, missing-field) must not. Files that are not YAML at all (syntax errors, tags,
alias bombs) are check's alone. Exits 1 on any disagreement.
"""
import datetime
import json
import os
import subprocess
import sys

import jsonschema
from ruamel.yaml import YAML

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from validate_schemas import schema_for  # noqa: E402  (one mapping of file names to schemas)

TYPE_CODES = {"wrong-type", "unknown-field", "missing-field"}


def plain(value):
    """ruamel's YAML 1.2 values as JSON values (an unquoted date is text to kbgen)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def main():
    kbgen, schemas_dir = sys.argv[1:3]
    kb_dirs = sys.argv[3:]
    validators = {}
    for file in os.listdir(schemas_dir):
        with open(os.path.join(schemas_dir, file), encoding="utf-8") as f:
            validators[file.removesuffix(".schema.json")] = jsonschema.Draft7Validator(json.load(f))
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    accepted = refused = skipped = 0
    disagreements = []
    for kb in kb_dirs:
        if not os.path.isfile(os.path.join(kb, "kb.yaml")):
            continue
        run = subprocess.run([kbgen, "check", "--kb", kb, "--format", "json"], capture_output=True, text=True)
        errors = {}
        for d in json.loads(run.stdout)["diagnostics"]:
            if d["severity"] == "error" and d.get("file"):
                errors.setdefault(os.path.normpath(d["file"]), set()).add(d["code"])
        for dirpath, dirs, files in os.walk(kb):
            dirs[:] = [d for d in dirs if d != "templates" and not d.startswith(".")]
            for file in files:
                path = os.path.normpath(os.path.join(dirpath, file))
                if not file.endswith(".yaml") or not os.path.isfile(path):
                    continue
                try:
                    with open(path, encoding="utf-8") as f:
                        document = plain(yaml.load(f))
                except Exception:
                    skipped += 1
                    continue
                codes = errors.get(path, set())
                valid = validators[schema_for(file)].is_valid(document)
                if not codes and not valid:
                    disagreements.append(f"{path}: check accepts it, the schema does not")
                elif codes & TYPE_CODES and valid:
                    disagreements.append(f"{path}: check refuses it ({', '.join(sorted(codes))}), the schema does not")
                elif not codes:
                    accepted += 1
                elif codes & TYPE_CODES:
                    refused += 1
    print(f"schemas agree with check: {accepted} files accepted by both, {refused} refused by both "
          f"for a type reason, {skipped} not YAML at all, in {len(kb_dirs)} KBs")
    if disagreements:
        sys.exit("\n".join(disagreements))


if __name__ == "__main__":
    main()
