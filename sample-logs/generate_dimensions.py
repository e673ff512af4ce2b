"""Scenarios whose failing requests share something the rest of the traffic does not (the incident's
`dimensions`). Imported by generate.py."""
import random
from datetime import timedelta

from generate import T0, client, traffic, write, expect, nginx_upstream_line, ok_try, nginx_error


def scenario_nginx_render_timeout():
    """An invoicing API: one endpoint, POST /v2/invoices/<id>/render, a tenth of the traffic, starts
    hanging on a slow PDF renderer; nginx's proxy_read_timeout (60 s, its default) cuts every one of
    them with a 504. Everything else is served well, from the same two peers."""
    r = random.Random(41)
    host, peers = "invoices.example.com", ["10.0.7.21:8000", "10.0.7.22:8000"]
    bad = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=16))
    names = ["acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "cyberdyne"]
    access, errors, conn = [], [], 52000
    for t in traffic(r, T0, 1500, 6):
        conn += 1
        c = client(r)
        peer = r.choice(peers)
        roll = r.random()
        if roll < 0.10:
            method, path = "POST", "/v2/invoices/%d/render" % r.randint(10000, 99999)
        elif roll < 0.45:
            method, path = "GET", "/v2/invoices/%d" % r.randint(10000, 99999)
        elif roll < 0.65:
            method, path = "GET", "/v2/accounts/%s/settings" % r.choice(names)
        elif roll < 0.85:
            method, path = "GET", "/v2/invoices?page=%d" % r.randint(1, 40)
        else:
            method, path = "PUT", "/v2/invoices/%08x-%04x-4%03x-a%03x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12), r.getrandbits(12), r.getrandbits(48))
        if bad[0] <= t < bad[1] and method == "POST":
            cut = 60.0 + r.random() * 0.004
            access.append(nginx_upstream_line(t, c, method, path, 504, cut + 0.001, [(peer, 504, "0.001", "-", "%.3f" % cut)], host, conn))
            errors.append(nginx_error(t, "error", conn, "upstream timed out (110: Connection timed out)", "reading response header from upstream", c, host, method, path, "http://%s%s" % (peer, path)))
        elif method == "POST":
            took = r.uniform(0.8, 2.5)
            access.append(nginx_upstream_line(t, c, method, path, 200, took + 0.001, [(peer, 200, "0.001", "%.3f" % took, "%.3f" % took)], host, conn))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.03, [ok_try(r, peer)], host, conn))
    write("nginx-render-timeout", "access.log", access)
    write("nginx-render-timeout", "error.log", errors)
    expect("nginx-render-timeout", {"incidents": [{
        "service": host, "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:16:00Z",
        "cause": "UPSTREAM_OVERLOAD", "targets": peers,
        "dimensions": ["path=/v2/invoices/{id}/render", "method=POST", "upstreamTime=60.0–60.1 s"]}]})


def scenarios():
    scenario_nginx_render_timeout()
