#!/usr/bin/env python3
"""kbgen's translation workflow at scale: figures to report, never pass/fail.

    benches/i18n.py [--entries 10000] [--bin target/release/kbgen]

On a generated KB of ENTRIES entries x 2 locales (examples/generate_kb, in a scratch copy under
target/bench/), times: `i18n export` (XLIFF), `i18n import` of that export with every unit
changed, `i18n status` with 1,000 stale fields in a git repository, `i18n accept` of those
1,000 fields in one command; then `build` of 3,000 entries as one topic and as 30 topics of 100.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(argv, cwd=None):
    start = time.perf_counter()
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited with {result.returncode}: {result.stderr[-2000:]}")
    return took, result


def generate(path, entries, per_topic=100):
    if os.path.isdir(path):
        shutil.rmtree(path)
    subprocess.run([os.path.join(ROOT, "target", "release", "examples", "generate_kb"), path, str(entries), str(per_topic)],
                   check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "kbgen"))
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench", "i18n"),
                        help="scratch folder (put it on tmpfs, /dev/shm, to leave the disk out)")
    parser.add_argument("--skip-import", action="store_true", help="for kbgen versions whose import is quadratic")
    args = parser.parse_args()
    kbgen = os.path.abspath(args.bin)
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "generate_kb"], cwd=ROOT, check=True)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    kb = os.path.join(work, "kb")
    generate(kb, args.entries)
    print(f"kbgen i18n: {args.entries} entries x 2 locales, {kbgen}")

    xlf = os.path.join(work, "ko.xlf")
    took, _ = run([kbgen, "i18n", "export", "--kb", kb, "--locale", "ko", "--format", "xliff", "--out", xlf])
    units = open(xlf, encoding="utf-8").read().count("<unit ")
    print(f"  export (XLIFF, {units} units): {took:.2f} s")

    if not args.skip_import:
        text = open(xlf, encoding="utf-8").read()
        changed = re.sub(r"</target>", " (검토됨)</target>", text)
        open(xlf, "w", encoding="utf-8").write(changed)
        took, result = run([kbgen, "i18n", "import", "--kb", kb, xlf])
        fields = sum(int(m) for m in re.findall(r"imported (\d+) field", result.stdout))
        print(f"  import of that export, every unit changed ({fields} fields written): {took:.2f} s")

    # 1,000 stale fields: change the first cause of 1,000 entries in a second commit.
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(git + ["init", "-q"], cwd=kb, check=True)
    subprocess.run(git + ["add", "-A"], cwd=kb, check=True)
    subprocess.run(git + ["commit", "-qm", "first"], cwd=kb, check=True)
    stale_ids = []
    for topic in sorted(os.listdir(kb)):
        folder = os.path.join(kb, topic)
        if not os.path.isdir(folder) or topic.startswith("."):
            continue
        for name in sorted(os.listdir(folder)):
            if len(stale_ids) == 1000 or name.count(".") != 1 or name == "topic.yaml":
                continue
            path = os.path.join(folder, name)
            source = open(path, encoding="utf-8").read()
            edited = source.replace("is used up (", "is used up entirely (", 1)
            if edited != source:
                open(path, "w", encoding="utf-8").write(edited)
                stale_ids.append(f"{topic}/{name[:-5]}")
    subprocess.run(git + ["commit", "-qam", "second"], cwd=kb, check=True)
    took, result = run([kbgen, "i18n", "status", "--kb", kb, "--locale", "ko", "--format", "json"])
    stale = result.stdout.count('"was":')
    print(f"  status with {len(stale_ids)} stale fields in git ({stale} old texts found): {took:.2f} s")
    took, result = run([kbgen, "i18n", "accept", "--kb", kb, "--locale", "ko", *stale_ids])
    print(f"  accept of {result.stdout.count('accepted ')} stale fields, one command: {took:.2f} s")

    for per_topic, label in [(3000, "one topic of 3,000"), (100, "30 topics of 100")]:
        shape = os.path.join(work, f"shape-{per_topic}")
        generate(shape, 3000, per_topic)
        out = os.path.join(work, f"out-{per_topic}")
        run([kbgen, "build", "--kb", shape, "--out", out])  # warm
        times = sorted(run([kbgen, "build", "--kb", shape, "--out", out])[0] for _ in range(3))
        print(f"  build of 3,000 entries as {label}: median {times[1]:.2f} s")


if __name__ == "__main__":
    main()
