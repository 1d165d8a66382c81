#!/usr/bin/env python3
"""kbgen's translation workflow at scale: figures to report, never pass/fail.

    benches/i18n.py [--entries 10000] [--runs 5] [--bin target/release/kbgen] [--baseline OLD_BIN]
                    [--shapes-only]

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


def median(values):
    values = sorted(values)
    return values[len(values) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5, help="runs of each command; the median is reported")
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "kbgen"))
    parser.add_argument("--baseline", help="another kbgen binary, run alternately with --bin in the same set")
    parser.add_argument("--work", default=os.path.join(ROOT, "target", "bench", "i18n"),
                        help="scratch folder (put it on tmpfs, /dev/shm, to leave the disk out)")
    parser.add_argument("--shapes-only", action="store_true", help="only the builds of one topic and of 30 topics")
    parser.add_argument("--skip-import", action="store_true", help="for kbgen versions whose import is quadratic")
    args = parser.parse_args()
    binaries = [("kbgen", os.path.abspath(args.bin))]
    if args.baseline:
        binaries.append(("baseline", os.path.abspath(args.baseline)))
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "generate_kb"], cwd=ROOT, check=True)
    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    if args.shapes_only:
        print(f"kbgen build: 3,000 entries x 2 locales in two shapes, medians of {args.runs} runs")
        build_shapes(work, binaries, args.runs)
        return
    kb = os.path.join(work, "kb")
    generate(kb, args.entries)
    print(f"kbgen i18n: {args.entries} entries x 2 locales, medians of {args.runs} runs"
          + (" (alternating with the baseline)" if args.baseline else ""))
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(git + ["init", "-q"], cwd=kb, check=True)
    subprocess.run(git + ["add", "-A"], cwd=kb, check=True)
    subprocess.run(git + ["commit", "-qm", "first"], cwd=kb, check=True)

    def restore():
        subprocess.run(["git", "checkout", "-q", "--", "."], cwd=kb, check=True)

    def timed(label, argv_of, after=None):
        times = {name: [] for name, _ in binaries}
        result = None
        for _ in range(args.runs):
            for name, binary in binaries:
                took, result = run(argv_of(binary))
                times[name].append(took)
                if after:
                    after()
        figures = ", ".join(f"{name} {median(values):.2f} s" for name, values in times.items())
        print(f"  {label}: {figures}")
        return result

    xlf = os.path.join(work, "ko.xlf")
    timed("export (XLIFF)", lambda k: [k, "i18n", "export", "--kb", kb, "--locale", "ko", "--format", "xliff", "--out", xlf])
    text = open(xlf, encoding="utf-8").read()
    print(f"    {text.count('<unit ')} units")

    if not args.skip_import:
        changed = re.sub(r"</target>", " (검토됨)</target>", text)
        open(xlf, "w", encoding="utf-8").write(changed)
        result = timed("import of that export, every unit changed",
                       lambda k: [k, "i18n", "import", "--kb", kb, xlf], after=restore)
        fields = sum(int(m) for m in re.findall(r"imported (\d+) field", result.stdout))
        print(f"    {fields} fields written")

    # 1,000 stale fields: change the first cause of 1,000 entries in a second commit.
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
    result = timed(f"status with {len(stale_ids)} stale fields in git",
                   lambda k: [k, "i18n", "status", "--kb", kb, "--locale", "ko", "--format", "json"])
    print(f"    {result.stdout.count(chr(34) + 'was' + chr(34) + ':')} old texts found")
    result = timed(f"accept of {len(stale_ids)} stale fields, one command",
                   lambda k: [k, "i18n", "accept", "--kb", kb, "--locale", "ko", *stale_ids], after=restore)
    print(f"    {result.stdout.count('accepted ')} files changed")

    build_shapes(work, binaries, args.runs)

def build_shapes(work, binaries, runs):
    """`build` of 3,000 entries as one topic and as 30 topics of 100."""
    # The two shapes alternate run by run (and with the baseline), so that both meet the
    # same machine: one after the other, a busy minute would land on one shape only.
    shapes = [(3000, "one topic of 3,000"), (100, "30 topics of 100")]
    times = {(per_topic, name): [] for per_topic, _ in shapes for name, _ in binaries}
    for per_topic, _ in shapes:
        generate(os.path.join(work, f"shape-{per_topic}"), 3000, per_topic)
    for _ in range(runs):
        for per_topic, _ in shapes:
            shape = os.path.join(work, f"shape-{per_topic}")
            out = os.path.join(work, f"out-{per_topic}")
            for name, binary in binaries:
                times[(per_topic, name)].append(run([binary, "build", "--kb", shape, "--out", out])[0])
    for per_topic, label in shapes:
        figures = ", ".join(f"{name} {median(times[(per_topic, name)]):.2f} s" for name, _ in binaries)
        print(f"  build of 3,000 entries as {label}: {figures}")
    for name, _ in binaries:
        ratio = median(times[(3000, name)]) / median(times[(100, name)])
        print(f"    {name}: one topic / 30 topics = {ratio:.2f}")

if __name__ == "__main__":
    main()
