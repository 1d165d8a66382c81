#!/usr/bin/env python3
"""`kbgen serve`: how long from saving one entry file to the page's notice. Figures, never pass/fail.

    benches/serve.py [--kb target/bench/corpus-10000/kb] [--runs 5] [--bin target/release/kbgen]
                     [--work /dev/shm/kbgen-serve-bench]

Copies the KB to WORK, starts `kbgen serve --port 0` on the copy, listens to its event stream as
a page does, then RUNS times: edits one cause of one entry (a different entry each time) and
times the wait until the stream says the page can reload: first to the saved entry's topic
pages (a preview), then to the whole KB built again. Prints each time and the medians. With
SERVE_STDERR=FILE, serve's standard error goes to FILE (with KBGEN_TIMINGS=1: its phases).
"""
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kb", default=os.path.join(ROOT, "target", "bench", "corpus-10000", "kb"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "kbgen"))
    parser.add_argument("--work", default="/dev/shm/kbgen-serve-bench")
    args = parser.parse_args()

    shutil.rmtree(args.work, ignore_errors=True)
    kb = os.path.join(args.work, "kb")
    shutil.copytree(args.kb, kb)
    entries = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(kb)
        for name in names
        if name.endswith(".yaml") and name.count(".") == 1 and name != "topic.yaml" and root != kb
    )
    server = subprocess.Popen([args.bin, "serve", "--port", "0", "--kb", kb], cwd=args.work,
                              stdout=subprocess.PIPE, stderr=open(os.environ["SERVE_STDERR"], "w") if "SERVE_STDERR" in os.environ else subprocess.DEVNULL, text=True)
    try:
        started = time.perf_counter()
        for line in server.stdout:
            found = re.match(r"serving http://([\d.]+):(\d+)/", line)
            if found:
                host, port = found.group(1), int(found.group(2))
                break
        else:
            sys.exit("kbgen serve stopped before serving")
        print(f"kbgen serve on {len(entries)} entry files: first build and listening after "
              f"{time.perf_counter() - started:.2f} s")
        events = socket.create_connection((host, port))
        events.sendall(b"GET /__kbgen/events HTTP/1.1\r\nHost: x\r\n\r\n")
        stream = events.makefile("rb")

        def next_state():
            while True:
                line = stream.readline()
                if not line:
                    sys.exit("the event stream ended")
                if line.startswith(b"data: "):
                    return line[6:].decode()

        next_state()  # the state when the page opens
        took, full = [], []
        for run in range(args.runs):
            path = entries[(run * 7919) % len(entries)]
            text = open(path, encoding="utf-8").read()
            edited = re.sub(r"(\ncauses:\n  - \"?)", r"\1Edited. ", text, count=1)
            assert edited != text, path
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as file:
                file.write(edited)
            state = next_state()
            took.append(time.perf_counter() - start)
            assert '"errors":null' in state, state
            while '"preview":true' in state:
                state = next_state()
            full.append(time.perf_counter() - start)
            # kbgen prints what it did before it tells the pages.
            shown = server.stdout.readline().strip() if took[-1] < full[-1] else "no preview"
            built = server.stdout.readline().strip()
            print(f"  save {run + 1}: the page could reload after {took[-1] * 1000:.0f} ms ({shown}); "
                  f"the whole KB after {full[-1] * 1000:.0f} ms ({built})")
        print(f"  median {statistics.median(took) * 1000:.0f} ms to the saved entry's page, "
              f"{statistics.median(full) * 1000:.0f} ms to the whole KB, over {len(took)} saves")
    finally:
        server.send_signal(2)
        server.wait(timeout=30)
        shutil.rmtree(args.work, ignore_errors=True)


if __name__ == "__main__":
    main()
