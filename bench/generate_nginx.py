#!/usr/bin/env python3
"""Writes a large nginx access log with upstream fields and one incident (for bench/analyze.sh).

usage: generate_nginx.py OUT LINES [SPAN_SECONDS [OUTAGE_SECONDS]]
Traffic is spread over SPAN_SECONDS (default 6 hours) at constant rate; for OUTAGE_SECONDS (default
4 minutes) in the middle every request to the upstream is refused (502, connect time '-').
A log full of failures: generate_nginx.py bench-data/failures.log 1000000 3600 1800 (half 502s).
"""
import random, sys
from datetime import datetime, timedelta, timezone

out, n = sys.argv[1], int(sys.argv[2])
span = int(sys.argv[3]) if len(sys.argv) > 3 else 6 * 3600
outage = int(sys.argv[4]) if len(sys.argv) > 4 else 240
r = random.Random(42)
t0 = datetime(2026, 3, 14, 6, 0, 0, tzinfo=timezone.utc)
bad_from = span / 2 if outage <= span / 2 else 0
bad_to = bad_from + outage
paths = ["/api/v1/orders", "/api/v1/cart", "/api/v1/users/me", "/api/v1/search?q=shoes", "/static/app.js"]
with open(out, "w") as f:
    cache = {}
    for i in range(n):
        s = i * span / n
        sec = int(s)
        ts = cache.get(sec)
        if ts is None:
            cache.clear()
            ts = cache[sec] = (t0 + timedelta(seconds=sec)).strftime("%d/%b/%Y:%H:%M:%S +0000")
        peer = "10.0.3.%d:8080" % (11 + i % 3)
        c = "203.0.113.%d" % (i % 250 + 2)
        p = paths[i % 5]
        if bad_from <= s < bad_to:
            f.write('%s - - [%s] "GET %s HTTP/1.1" 502 157 "-" "okhttp/4.12.0" rt=0.001 uct="-" uht="-" urt="0.000" ua="%s" us="502" host=shop.example.com cn=%d\n' % (c, ts, p, peer, i))
        else:
            x = 0.010 + (i * 7919 % 100) / 1000.0
            f.write('%s - - [%s] "GET %s HTTP/1.1" 200 1834 "-" "okhttp/4.12.0" rt=%.3f uct="0.001" uht="%.3f" urt="%.3f" ua="%s" us="200" host=shop.example.com cn=%d\n' % (c, ts, p, x + 0.001, x, x, peer, i))
