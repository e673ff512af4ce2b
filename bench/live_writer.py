#!/usr/bin/env python3
"""Writes a scenario's log files as the gateway would, live: every line is appended when its time
comes, at SPEED times real time, so that `ship --follow` tails growing files.

  live_writer.py SCENARIO_DIR OUT_DIR [--speed 60] [--lag NAME=SECONDS ...] [--slices NAME=N ...]

--lag error=180     the file whose name contains "error" is written 180 s (log time) behind the
                    others, as a lagging writer or harvester would deliver it.
--slices access=40  instead of line by line, the file is written in 40 equal slices by line count,
                    one slice of each sliced file every 0.5 s (so files drift apart and back).
Files keep their own line order. Prints the progress every 10 % and 'done' at the end.
"""
import argparse
import gzip
import os
import re
import sys
import time
from datetime import datetime, timezone

ACCESS_TIME = re.compile(rb"\[(\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\]")
ERROR_TIME = re.compile(rb"^(\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2})")
ISO_TIME = re.compile(rb"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)")


def line_time(line, last):
    m = ACCESS_TIME.search(line)
    if m:
        return datetime.strptime(m.group(1).decode(), "%d/%b/%Y:%H:%M:%S %z").timestamp()
    m = ERROR_TIME.search(line)
    if m:
        return datetime.strptime(m.group(1).decode(), "%Y/%m/%d %H:%M:%S").replace(
            tzinfo=timezone.utc).timestamp()
    m = ISO_TIME.search(line)
    if m:
        s = m.group(1).decode().replace("Z", "+00:00")
        try:
            t = datetime.fromisoformat(s)
            if t.tzinfo is None:
                t = t.replace(tzinfo=timezone.utc)
            return t.timestamp()
        except ValueError:
            pass
    return last


def read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        lines = [l.rstrip(b"\n") for l in f]
    out, last = [], 0.0
    for l in lines:
        last = line_time(l, last)
        out.append((last, l))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("out")
    ap.add_argument("--speed", type=float, default=60.0)
    ap.add_argument("--lag", action="append", default=[])
    ap.add_argument("--slices", action="append", default=[])
    a = ap.parse_args()
    lags = {k: float(v) for k, v in (x.split("=") for x in a.lag)}
    slices = {k: int(v) for k, v in (x.split("=") for x in a.slices)}
    os.makedirs(a.out, exist_ok=True)
    files = {}
    for name in sorted(os.listdir(a.scenario)):
        path = os.path.join(a.scenario, name)
        if os.path.isfile(path):
            files[name.removesuffix(".gz")] = read(path)
    handles = {n: open(os.path.join(a.out, n), "ab", buffering=0) for n in files}
    # Every line gets a due time: its own time plus its file's lag, in log time.
    events = []
    for n, lines in files.items():
        lag = next((v for k, v in lags.items() if k in n), 0.0)
        k = next((v for kk, v in slices.items() if kk in n), 0)
        if k:
            per = max(1, len(lines) // k)
            for i, (t, l) in enumerate(lines):
                events.append((min(i // per, k - 1) * 0.5 * a.speed, n, i, l, True))
        else:
            for i, (t, l) in enumerate(lines):
                events.append((t + lag, n, i, l, False))
    t0 = min(e[0] for e in events if not e[4]) if any(not e[4] for e in events) else 0.0
    events.sort(key=lambda e: (e[0] - (0 if e[4] else t0), e[1], e[2]))
    start = time.time()
    total, done_pct = len(events), 0
    for j, (due, n, _, l, sliced) in enumerate(events):
        wait = (due - (0 if sliced else t0)) / a.speed - (time.time() - start)
        if wait > 0:
            time.sleep(wait)
        handles[n].write(l + b"\n")
        pct = 100 * (j + 1) // total
        if pct >= done_pct + 10:
            done_pct = pct
            print(f"{pct} %", flush=True)
    for h in handles.values():
        h.close()
    print("done", flush=True)


if __name__ == "__main__":
    sys.exit(main())
