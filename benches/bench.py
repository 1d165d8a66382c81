#!/usr/bin/env python3
"""kbgen benchmarks: figures to report, never pass/fail (the machines are shared and noisy).

    benches/bench.py check  [--entries 10000] [--runs 5] [--baseline OLD_KBGEN]
    benches/bench.py build  [--entries 10000] [--runs 5] [--no-peer] [--baseline OLD_KBGEN]
    benches/bench.py phases [--entries 10000] [--runs 5]
    benches/bench.py match  [--entries 10000]

The KB is the reference corpus, `../shared/bench/gen_corpus.py` (topics of 10 entries, ~2 KB of
Markdown per entry and locale, English and Korean), generated once under target/bench/; where
that script is missing (a clone without ../shared), `examples/generate_kb` makes the KB instead
and says so. Outputs go to /dev/shm when it exists (tmpfs), so that the disk does not decide.

`check` and `build` run the command RUNS times after one warm-up run and print each run's wall
time, CPU time and peak memory, then medians. `build` alternates each run with Debian's `hugo`
building the same content (when installed; `--no-peer` skips it), and prints what each wrote.
`--baseline` alternates an older kbgen binary too (build one with `git worktree add`), for
before/after figures from one run set. `phases` runs RUNS builds after a warm-up with KBGEN_TIMINGS set and prints the median time of each phase. `match` runs
`cargo bench --bench match` (catalog load, lookups per second, hostile lines).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "kbgen")
GEN_CORPUS = os.path.join(os.path.dirname(ROOT), "shared", "bench", "gen_corpus.py")
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") else os.path.join(ROOT, "target", "bench")


def corpus(entries):
    """(kb folder, hugo site folder or None, what the KB is)."""
    if os.path.isfile(GEN_CORPUS):
        path = os.path.join(ROOT, "target", "bench", f"corpus-{entries}")
        if not os.path.isdir(os.path.join(path, "kb")):
            subprocess.run([sys.executable, GEN_CORPUS, "--out", path, "--entries", str(entries),
                            "--formats", "kb,hugo"], check=True, stdout=subprocess.DEVNULL)
        return os.path.join(path, "kb"), os.path.join(path, "hugo"), "reference corpus (gen_corpus.py)"
    print(f"note: {GEN_CORPUS} is missing; using examples/generate_kb (smaller entries, no peer)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "generate_kb"], cwd=ROOT, check=True)
    path = os.path.join(ROOT, "target", "bench", f"kb-{entries}")
    if not os.path.isdir(path):
        subprocess.run([os.path.join(ROOT, "target", "release", "examples", "generate_kb"), path, str(entries)],
                       check=True)
    return path, None, "examples/generate_kb"


def run(argv, env=None):
    """Runs argv in a child process: (wall s, CPU s, peak RSS MiB) of that child alone."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execve(argv[0], argv, env if env is not None else os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited with {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def size(path):
    total = 0
    for folder, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(folder, f)) for f in files)
    return total


def fresh(path):
    if os.path.isdir(path):
        shutil.rmtree(path)


def report(name, rows):
    walls, cpus, peaks = zip(*rows)
    print(f"  {name}: median {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU, "
          f"peak {max(peaks):.0f} MiB (min wall {min(walls):.2f} s)")
    return statistics.median(walls)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "build", "phases", "match"])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peer", action="store_true", help="build: do not run hugo beside kbgen")
    parser.add_argument("--baseline", help="an older kbgen binary to alternate with this one")
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kbgen"], cwd=ROOT, check=True)
    kb, hugo_site, what = corpus(args.entries)
    files = sum(len(f) for _, _, f in os.walk(kb))
    print(f"kbgen {args.command}: {args.entries} entries x 2 locales ({files} files, {what}), "
          f"{os.cpu_count()} CPUs, outputs in {SCRATCH}")
    if args.command == "match":
        subprocess.run(["cargo", "bench", "--quiet", "--bench", "match", "--", kb], cwd=ROOT, check=True)
        return
    out = os.path.join(SCRATCH, f"kbgen-bench-{args.entries}")
    if args.command == "phases":
        env = dict(os.environ, KBGEN_TIMINGS="1")
        run([BIN, "build", "--kb", kb, "--out", out])  # warm the page cache
        # Each phase's wall time in every build, in the order printed; the median is reported.
        phases = {}
        for _ in range(args.runs):
            fresh(out)
            process = subprocess.run([BIN, "build", "--kb", kb, "--out", out], env=env, capture_output=True, text=True)
            for line in process.stderr.splitlines():
                match = re.match(r"phase (.*?): ([0-9.]+) s(.*)", line)
                if match:
                    phases.setdefault(match.group(1), []).append((float(match.group(2)), match.group(3)))
        for name, figures in phases.items():
            figures.sort()
            wall, memory = figures[len(figures) // 2]
            print(f"  {name}: {wall:.3f} s{memory} (median of {len(figures)})")
        fresh(out)
        return
    if args.command == "check":
        checks = {"kbgen check --strict": [BIN, "check", "--kb", kb, "--strict"]}
        if args.baseline:
            checks["baseline check --strict"] = [args.baseline, "check", "--kb", kb, "--strict"]
        rows = {name: [] for name in checks}
        for argv in checks.values():
            run(argv)  # warm the page cache
        for number in range(1, args.runs + 1):
            line = []
            for name, argv in checks.items():
                rows[name].append(run(argv))
                wall, cpu, peak = rows[name][-1]
                line.append(f"{name} {wall:.3f} s / {cpu:.2f} s CPU / {peak:.0f} MiB")
            print(f"  run {number}: " + "; ".join(line))
        for name in checks:
            report(name, rows[name])
        return

    hugo = shutil.which("hugo") if not args.no_peer and hugo_site else None
    if not hugo and not args.no_peer:
        print("  (no peer: hugo is not installed or the KB is not the reference corpus)")
    hugo_out = os.path.join(SCRATCH, f"hugo-bench-{args.entries}")
    builds = {"kbgen build": ([BIN, "build", "--kb", kb, "--out", out], out)}
    if args.baseline:
        baseline_out = os.path.join(SCRATCH, f"kbgen-baseline-{args.entries}")
        builds["baseline build"] = ([args.baseline, "build", "--kb", kb, "--out", baseline_out], baseline_out)
    if hugo:
        builds["hugo"] = ([hugo, "--source", hugo_site, "--destination", hugo_out, "--quiet"], hugo_out)
    rows = {name: [] for name in builds}
    for name, (argv, target) in builds.items():  # warm-up
        fresh(target)
        run(argv)
    for number in range(1, args.runs + 1):
        line = []
        for name, (argv, target) in builds.items():
            fresh(target)
            rows[name].append(run(argv))
            wall, cpu, peak = rows[name][-1]
            line.append(f"{name} {wall:.2f} s / {cpu:.2f} s CPU / {peak:.0f} MiB")
        print(f"  run {number}: " + "; ".join(line))
    medians = {name: report(name, rows[name]) for name in builds}
    for name, (_, target) in builds.items():
        print(f"  {name} wrote {size(target) / 1e6:.1f} MB")
    if "hugo" in medians:
        print(f"  kbgen/hugo wall: {medians['kbgen build'] / medians['hugo']:.2f}")
    if os.path.isdir(out):
        for part in ["site", "md", "catalog.json"]:
            path = os.path.join(out, part)
            bytes_ = size(path) if os.path.isdir(path) else os.path.getsize(path)
            print(f"  kbgen {part}: {bytes_ / 1e6:.1f} MB ({bytes_ / args.entries / 2:.0f} B per entry and locale)")
        html = sum(os.path.getsize(os.path.join(folder, f)) for folder, _, names in os.walk(os.path.join(out, "site"))
                   for f in names if f.endswith(".html"))
        print(f"  kbgen site HTML pages: {html / 1e6:.1f} MB ({html / args.entries / 2:.0f} B per entry and locale)")
        if hugo:
            hugo_html = sum(os.path.getsize(os.path.join(folder, f)) for folder, _, names in os.walk(hugo_out)
                            for f in names if f.endswith(".html"))
            print(f"  hugo HTML pages: {hugo_html / 1e6:.1f} MB ({hugo_html / args.entries / 2:.0f} B per entry and locale)")
        for locale in sorted(os.listdir(os.path.join(out, "site"))):
            search = os.path.join(out, "site", locale, "search")
            if os.path.isdir(search):
                print(f"  kbgen search index {locale}: {size(search) / 1e6:.1f} MB "
                      f"({size(search) / args.entries:.0f} B per entry)")
    for _, target in builds.values():
        fresh(target)


if __name__ == "__main__":
    main()
