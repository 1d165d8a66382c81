#!/usr/bin/env python3
"""kbgen benchmarks: figures to report, never pass/fail (the machines are shared and noisy).

    benches/bench.py check [--entries 10000] [--runs 5]
    benches/bench.py match [--entries 10000]
    benches/bench.py build [--entries 10000] [--runs 5]

Builds kbgen in release mode, generates a KB of ENTRIES entries in English and Korean with
`cargo run --release --example generate_kb` (kept under target/bench/), then runs the command
RUNS times and prints each run's wall time and peak memory, then the min and median.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "kbgen")


def generated_kb(entries):
    path = os.path.join(ROOT, "target", "bench", f"kb-{entries}")
    if not os.path.isdir(path):
        subprocess.run([os.path.join(ROOT, "target", "release", "examples", "generate_kb"), path, str(entries)], check=True)
    return path


def timed(argv):
    """Runs argv in a child process: (wall seconds, peak RSS in MiB of that child)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(argv[0], argv)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)} exited with {code}")
    return wall, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["check", "match", "build"])
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kbgen", "--example", "generate_kb"], cwd=ROOT, check=True)
    kb = generated_kb(args.entries)
    if args.command == "match":
        print(f"kbgen match: {args.entries} entries x 2 locales, one thread")
        subprocess.run(["cargo", "bench", "--quiet", "--bench", "match", "--", kb], cwd=ROOT, check=True)
        return
    files = sum(len(f) for _, _, f in os.walk(kb))
    if args.command == "build":
        out = os.path.join(ROOT, "target", "bench", f"out-{args.entries}")
        argv = [BIN, "build", "--kb", kb, "--out", out]
    else:
        argv = [BIN, "check", "--kb", kb, "--strict"]
    print(f"kbgen {' '.join(argv[1:2] + argv[4:5] if args.command == 'check' else argv[1:2])}: {args.entries} entries x 2 locales ({files} files), {args.runs} runs, {os.cpu_count()} CPUs")
    timed(argv)  # warm the page cache
    walls, peaks = [], []
    for run in range(1, args.runs + 1):
        wall, peak = timed(argv)
        walls.append(wall)
        peaks.append(peak)
        print(f"  run {run}: {wall:.3f} s wall, {peak:.0f} MiB peak RSS")
    print(f"  min {min(walls):.3f} s, median {statistics.median(walls):.3f} s, peak RSS max {max(peaks):.0f} MiB")


if __name__ == "__main__":
    main()
