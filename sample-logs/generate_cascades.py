#!/usr/bin/env python3
"""Cascades: one kind of failure takes every peer of an nginx upstream out (max_fails=1 and
fail_timeout=10s, nginx's defaults), and from then on every request, of every kind, gets
"no live upstreams". Run through generate.py (which calls scenarios() at its end).

nginx writes, on the connection of the request that tripped a peer, the error and then
"[warn] upstream server temporarily disabled while <phase>"; with proxy_next_upstream the request
is tried on the next peer, which it trips too, and the client gets a 502 whose $upstream_addr lists
both peers. For the next fail_timeout seconds the group has no live peer: the error log says
"no live upstreams while connecting to upstream" and $upstream_addr holds the group's name.
"""
import random
from datetime import timedelta

from generate import T0, client, expect, nginx_error, nginx_upstream_line, ok_try, traffic, write

FAIL_TIMEOUT = 10


def cascade(folder, seed, host, group, peers, trips, error_msg, phase, start, end, paths, expected):
    """Traffic of `paths` (path, method, rate per second, trips?, healthy status); from `start`
    to `end` every request of a kind that trips gets `error_msg` from each peer (tried in turn);
    while the peers are out (fail_timeout after the last trip) every request gets no live
    upstreams."""
    r = random.Random(seed)
    events = []
    for path, method, rate, trips_peers, ok_status in paths:
        for t in traffic(r, T0, 1200, rate):
            events.append((t, path, method, trips_peers, ok_status))
    events.sort(key=lambda e: e[0])
    access, errors, conn = [], [], 40000
    out_until = None
    for t, path, method, trips_peers, ok_status in events:
        conn += 1
        c = client(r)
        failing = start <= t < end
        if failing and out_until is not None and t < out_until:
            access.append(nginx_upstream_line(t, c, method, path, 502, 0.0, [(group, 502, "-", "-", "-")], host, conn))
            errors.append(nginx_error(t, "error", conn, "no live upstreams", "connecting to upstream", c, host, method, path, "http://%s%s" % (group, path)))
        elif failing and trips_peers:
            tries = []
            for p in peers:
                x = "%.3f" % (0.004 + r.random() * 0.01)
                tries.append((p, 502, "0.001", "-", x))
                errors.append(nginx_error(t, "error", conn, error_msg, phase, c, host, method, path, "http://%s%s" % (p, path)))
                errors.append(nginx_error(t, "warn", conn, "upstream server temporarily disabled", phase, c, host, method, path, "http://%s%s" % (p, path)))
            access.append(nginx_upstream_line(t, c, method, path, 502, 0.02, tries, host, conn))
            out_until = t + timedelta(seconds=FAIL_TIMEOUT)
        else:
            if ok_status == 101:
                # A WebSocket session: its line is written when it closes, minutes later.
                tr = ok_try(r, r.choice(peers))
                access.append(nginx_upstream_line(t, c, method, path, 101, 0.0, [(tr[0], 101, tr[2], tr[3], tr[4])], host, conn))
            else:
                access.append(nginx_upstream_line(t, c, method, path, ok_status, 0.03, [ok_try(r, r.choice(peers))], host, conn))
    write(folder, "access.log", access)
    write(folder, "error.log", errors)
    expect(folder, expected)


def nginx_websocket_cascade():
    """A proxy change stops forwarding the Upgrade headers to a Socket.IO app: it drops every
    WebSocket handshake, each one takes both peers out, and the REST API behind the same upstream
    answers 502 "no live upstreams" too. The cause is the WebSocket configuration, not a dead
    server."""
    host, group, peers = "chat.example.com", "socketio", ["10.0.7.11:3000", "10.0.7.12:3000"]
    start, end = T0 + timedelta(minutes=10), T0 + timedelta(minutes=16)
    paths = [
        ("/socket.io/?EIO=4&transport=websocket", "GET", 0.6, True, 101),
        ("/socket.io/?EIO=4&transport=polling", "GET", 1.0, False, 200),
        ("/api/v1/rooms", "GET", 2.0, False, 200),
        ("/api/v1/messages", "POST", 1.0, False, 200),
    ]
    cascade("nginx-websocket-cascade", 31, host, group, peers, True,
            "upstream prematurely closed connection", "reading response header from upstream",
            start, end, paths,
            {"incidents": [{"service": host, "kind": "spike", "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:16:00Z",
                            "cause": "WEBSOCKET_UPGRADE", "targets": peers}]})


def nginx_header_cascade():
    """One endpoint starts answering with a header larger than proxy_buffer_size; with
    proxy_next_upstream ... invalid_header, every such response takes a peer out, and all the
    other endpoints get no live upstreams."""
    host, group, peers = "reports.example.com", "reports_api", ["10.0.8.21:8000", "10.0.8.22:8000"]
    start, end = T0 + timedelta(minutes=9), T0 + timedelta(minutes=14)
    paths = [
        ("/api/v2/reports/4411/export", "GET", 0.3, True, 200),
        ("/api/v2/reports", "GET", 2.0, False, 200),
        ("/api/v2/users/me", "GET", 1.5, False, 200),
        ("/healthz", "GET", 0.5, False, 200),
    ]
    cascade("nginx-header-cascade", 32, host, group, peers, True,
            "upstream sent too big header", "reading response header from upstream",
            start, end, paths,
            {"incidents": [{"service": host, "kind": "spike", "start": "2026-03-14T09:09:00Z", "end": "2026-03-14T09:14:00Z",
                            "cause": "BAD_UPSTREAM_RESPONSE", "targets": peers}]})


def nginx_outage_cascade():
    """Both peers stop: every kind of request is refused, takes the peers out, and the requests in
    between get no live upstreams. A genuine outage: UPSTREAM_DOWN."""
    host, group, peers = "store.example.com", "store_backend", ["10.0.9.31:8080", "10.0.9.32:8080"]
    start, end = T0 + timedelta(minutes=10), T0 + timedelta(minutes=13)
    paths = [
        ("/api/v1/products", "GET", 2.0, True, 200),
        ("/api/v1/cart", "POST", 1.0, True, 200),
        ("/socket.io/?EIO=4&transport=websocket", "GET", 0.3, True, 101),
    ]
    cascade("nginx-outage-cascade", 33, host, group, peers, True,
            "connect() failed (111: Connection refused)", "connecting to upstream",
            start, end, paths,
            {"incidents": [{"service": host, "kind": "spike", "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:13:00Z",
                            "cause": "UPSTREAM_DOWN", "targets": peers}]})


def scenarios():
    nginx_websocket_cascade()
    nginx_header_cascade()
    nginx_outage_cascade()


if __name__ == "__main__":
    scenarios()
