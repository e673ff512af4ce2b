#!/usr/bin/env python3
"""Writes the sample scenarios in this folder, deterministically (fixed seeds).

Each scenario is a folder with the logs a real gateway writes, and expected/<scenario>.json that the
integration tests assert: the incident window, the peers and the top cause, or no incident.
Re-run after changing it:  python3 sample-logs/generate.py
"""
import gzip, json, os, random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = datetime(2026, 3, 14, 9, 0, 0, tzinfo=timezone.utc)
UAS = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36", "curl/8.5.0", "okhttp/4.12.0", "python-requests/2.32.3"]
PATHS = ["/api/v1/orders", "/api/v1/orders/7731", "/api/v1/cart", "/api/v1/users/me", "/healthz", "/api/v1/search?q=shoes"]


def clf(t, off="+0000"):
    return t.strftime("%d/%b/%Y:%H:%M:%S ") + off


def errtime(t):
    return t.strftime("%Y/%m/%d %H:%M:%S")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06dZ" % t.microsecond


def client(r):
    return "203.0.113.%d" % r.randint(2, 250)


def traffic(r, start, seconds, rate, rate_fn=None):
    """Request end times: Poisson arrivals at `rate` per second (or rate_fn(t))."""
    t = start
    end = start + timedelta(seconds=seconds)
    while True:
        lam = rate_fn(t) if rate_fn else rate
        t += timedelta(seconds=r.expovariate(lam))
        if t >= end:
            return
        yield t


def write(folder, name, lines, gz=True):
    """Logs are stored gzip-compressed (as log rotation leaves them) to keep the repository small."""
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    path = os.path.join(HERE, folder, name if name.endswith(".gz") or not gz else name + ".gz")
    data = ("\n".join(lines) + "\n").encode()
    if gz:
        with gzip.GzipFile(path, "wb", mtime=0) as f:
            f.write(data)
    else:
        with open(path, "wb") as f:
            f.write(data)


def expect(folder, doc):
    os.makedirs(os.path.join(HERE, "expected"), exist_ok=True)
    with open(os.path.join(HERE, "expected", folder + ".json"), "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")


def nginx_upstream_line(t, c, method, path, status, rt, peers, host, conn):
    ua = ", ".join(p[0] for p in peers)
    us = ", ".join(str(p[1]) for p in peers)
    uct = ", ".join(p[2] for p in peers)
    uht = ", ".join(p[3] for p in peers)
    urt = ", ".join(p[4] for p in peers)
    return ('%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" rt=%.3f uct="%s" uht="%s" urt="%s" ua="%s" us="%s" host=%s cn=%d'
            % (c, clf(t), method, path, status, 157 if status >= 500 else 1800, UAS[conn % 4], rt, uct, uht, urt, ua, us, host, conn))


def ok_try(r, peer, base=0.02):
    x = r.lognormvariate(0, 0.4) * base
    return (peer, 200, "%.3f" % 0.001, "%.3f" % x, "%.3f" % (x + 0.001))


def nginx_error(t, level, conn, msg, phase, c, host, method, path, upstream):
    s = "%s [%s] 2211#2211: *%d %s" % (errtime(t), level, conn, msg)
    if phase:
        s += " while " + phase
    s += ', client: %s, server: %s, request: "%s %s HTTP/1.1"' % (c, host, method, path)
    if upstream:
        s += ', upstream: "%s"' % upstream
    return s + ', host: "%s"' % host


def scenario_nginx_upstream_down():
    r = random.Random(1)
    host, peers = "shop.example.com", ["10.0.3.11:8080", "10.0.3.12:8080"]
    down_from, down_to = T0 + timedelta(minutes=10), T0 + timedelta(minutes=13)
    access, errors, conn = [], [], 1000
    for t in traffic(r, T0, 1200, 4):
        conn += 1
        c, path, method = client(r), r.choice(PATHS), r.choice(["GET", "GET", "POST"])
        if down_from <= t < down_to:
            tries = [(p, 502, "-", "-", "0.000") for p in peers]
            access.append(nginx_upstream_line(t, c, method, path, 502, 0.001, tries, host, conn))
            for p in peers:
                errors.append(nginx_error(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, method, path, "http://%s%s" % (p, path)))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.03, [ok_try(r, r.choice(peers))], host, conn))
    write("nginx-upstream-down", "access.log", access)
    write("nginx-upstream-down", "error.log", errors)
    expect("nginx-upstream-down", {"incidents": [{"service": host, "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:13:00Z", "cause": "UPSTREAM_DOWN", "targets": peers, "dimensions": []}]})


def scenario_nginx_rolling_restart():
    """JSON access log; three peers restart one after another; POSTs are not retried."""
    r = random.Random(2)
    host, peers = "api.example.com", ["10.0.4.21:9000", "10.0.4.22:9000", "10.0.4.23:9000"]
    spells = {p: (T0 + timedelta(minutes=10, seconds=90 * i), T0 + timedelta(minutes=10, seconds=90 * i + 35)) for i, p in enumerate(peers)}
    access, errors, conn = [], [], 5000
    for t in traffic(r, T0, 1500, 5):
        conn += 1
        c, path = client(r), r.choice(PATHS)
        method = "POST" if r.random() < 0.5 else "GET"
        p = peers[conn % 3]
        s, e = spells[p]
        rec = {"time_iso8601": t.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "remote_addr": c, "request": "%s %s HTTP/1.1" % (method, path),
               "host": host, "connection": str(conn), "http_user_agent": UAS[conn % 4], "request_time": "0.030"}
        if s <= t < e:
            errors.append(nginx_error(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, method, path, "http://%s%s" % (p, path)))
            if method == "POST":
                rec.update(status="502", upstream_addr=p, upstream_status="502", upstream_connect_time="-", upstream_header_time="-", upstream_response_time="0.000", request_time="0.001")
            else:
                other = peers[(conn + 1) % 3]
                rec.update(status="200", upstream_addr="%s, %s" % (p, other), upstream_status="502, 200", upstream_connect_time="-, 0.001", upstream_header_time="-, 0.025", upstream_response_time="0.000, 0.026")
        else:
            rec.update(status="200", upstream_addr=p, upstream_status="200", upstream_connect_time="0.001", upstream_header_time="0.024", upstream_response_time="0.025")
        access.append(json.dumps(rec, separators=(",", ":")))
    write("nginx-rolling-restart", "access.json.log", access)
    write("nginx-rolling-restart", "error.log", errors)
    expect("nginx-rolling-restart", {"incidents": [{"service": host, "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:13:35Z", "cause": "UPSTREAM_RESTART", "targets": peers}]})


def scenario_nginx_overload():
    """combined + rt/urt tail, php-fpm on a unix socket: traffic triples, latency climbs, backlog fills."""
    r = random.Random(3)
    host, sock = "blog.example.com", "unix:/run/php/php8.2-fpm.sock"
    peak = (T0 + timedelta(minutes=12), T0 + timedelta(minutes=16))
    rate = lambda t: 12.0 if peak[0] <= t < peak[1] else 4.0
    access, errors, conn = [], [], 100
    for t in traffic(r, T0, 1500, 0, rate):
        conn += 1
        c, path, method = client(r), r.choice(["/", "/wp-admin/admin-ajax.php", "/?p=42", "/feed/"]), "GET"
        inpeak = peak[0] <= t < peak[1]
        if inpeak and r.random() < 0.3:
            if r.random() < 0.6:
                access.append('%s - - [%s] "%s %s HTTP/1.1" 502 552 "-" "%s" rt=0.000 ua="%s" us="502" urt="0.000"' % (c, clf(t), method, path, UAS[0], sock))
                errors.append(nginx_error(t, "error", conn, "connect() to %s failed (11: Resource temporarily unavailable)" % sock, "connecting to upstream", c, host, method, path, "fastcgi://" + sock + ":"))
            else:
                access.append('%s - - [%s] "%s %s HTTP/1.1" 504 562 "-" "%s" rt=60.001 ua="%s" us="504" urt="60.001"' % (c, clf(t), method, path, UAS[0], sock))
                errors.append(nginx_error(t, "error", conn, "upstream timed out (110: Connection timed out)", "reading response header from upstream", c, host, method, path, "fastcgi://" + sock + ":"))
        else:
            x = r.lognormvariate(0, 0.3) * (2.5 if inpeak else 0.12)
            access.append('%s - - [%s] "%s %s HTTP/1.1" 200 5120 "-" "%s" rt=%.3f ua="%s" us="200" urt="%.3f"' % (c, clf(t), method, path, UAS[0], x, sock, x))
    write("nginx-overload", "access.log", access)
    write("nginx-overload", "error.log", errors)
    expect("nginx-overload", {"incidents": [{"service": "blog.example.com", "start": "2026-03-14T09:12:00Z", "end": "2026-03-14T09:16:00Z", "cause": "UPSTREAM_OVERLOAD", "targets": [sock]}]})


def scenario_nginx_keepalive_race():
    """An hour of traffic; 0.3% of requests hit a connection the Node.js upstream just closed."""
    r = random.Random(4)
    host, peers = "app.example.com", ["10.0.7.31:3000", "10.0.7.32:3000", "10.0.7.33:3000"]
    access, errors, conn = [], [], 9000
    for t in traffic(r, T0, 3600, 3):
        conn += 1
        c, path, method = client(r), r.choice(PATHS), r.choice(["GET", "POST"])
        p = r.choice(peers)
        if r.random() < 0.004:
            access.append(nginx_upstream_line(t, c, method, path, 502, 0.002, [(p, 502, "0.000", "-", "0.001")], host, conn))
            errors.append(nginx_error(t, "error", conn, "upstream prematurely closed connection", "reading response header from upstream", c, host, method, path, "http://%s%s" % (p, path)))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.04, [ok_try(r, p, 0.04)], host, conn))
    write("nginx-keepalive-race", "access.log", access)
    write("nginx-keepalive-race", "error.log", errors)
    expect("nginx-keepalive-race", {"incidents": [{"service": host, "kind": "chronic", "cause": "KEEPALIVE_RACE", "start": "2026-03-14T09:03:23Z", "end": "2026-03-14T09:59:33Z", "targets": ["10.0.7.31:3000", "10.0.7.32:3000", "10.0.7.33:3000"], "dimensions": []}]})


def scenario_nginx_dns():
    r = random.Random(5)
    host = "billing.example.com"
    bad = (T0 + timedelta(minutes=8), T0 + timedelta(minutes=11, seconds=30))
    access, errors, conn = [], [], 300
    for t in traffic(r, T0, 1200, 3):
        conn += 1
        c, path, method = client(r), r.choice(PATHS), "GET"
        if bad[0] <= t < bad[1]:
            access.append(nginx_upstream_line(t, c, method, path, 502, 0.000, [("-", "-", "-", "-", "-")], host, conn).replace('us="-"', 'us="-"'))
            errors.append("%s [error] 2211#2211: *%d billing-api.internal.example could not be resolved (3: Host not found), client: %s, server: %s, request: \"%s %s HTTP/1.1\", host: \"%s\"" % (errtime(t), conn, c, host, method, path, host))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.02, [ok_try(r, "10.0.9.5:8443")], host, conn))
    write("nginx-dns-failure", "access.log", access)
    write("nginx-dns-failure", "error.log", errors)
    expect("nginx-dns-failure", {"incidents": [{"service": host, "start": "2026-03-14T09:08:00Z", "end": "2026-03-14T09:11:30Z", "cause": "DNS_FAILURE", "targets": []}]})


def scenario_nginx_tls():
    r = random.Random(6)
    host, peer = "payments.example.com", "10.0.12.5:8443"
    bad = T0 + timedelta(minutes=9)
    access, errors, conn = [], [], 700
    for t in traffic(r, T0, 900, 3):
        conn += 1
        c, path, method = client(r), r.choice(PATHS), "GET"
        if t >= bad:
            access.append(nginx_upstream_line(t, c, method, path, 502, 0.004, [(peer, 502, "-", "-", "0.003")], host, conn))
            errors.append(nginx_error(t, "error", conn, "upstream SSL certificate verify error: (10:certificate has expired)", "SSL handshaking to upstream", c, host, method, path, "https://%s%s" % (peer, path)))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.02, [ok_try(r, peer)], host, conn))
    write("nginx-tls-expired", "access.log", access)
    write("nginx-tls-expired", "error.log", errors)
    expect("nginx-tls-expired", {"incidents": [{"service": host, "start": "2026-03-14T09:09:00Z", "cause": "TLS_FAILURE", "targets": [peer], "end": "2026-03-14T09:14:59Z"}]})


def scenario_nginx_websocket():
    """After a config change drops `proxy_http_version 1.1`, WebSocket handshakes fail."""
    r = random.Random(7)
    host, peer = "chat.example.com", "10.0.20.7:8081"
    change = T0 + timedelta(minutes=10)
    access, errors, conn = [], [], 40
    for t in traffic(r, T0, 1200, 4):
        conn += 1
        c = client(r)
        ws = r.random() < 0.4
        path = "/socket/websocket?vsn=2.0.0" if ws else r.choice(PATHS)
        rec = {"time_iso8601": t.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "remote_addr": c, "request": "GET %s HTTP/1.1" % path, "host": host,
               "connection": str(conn), "http_upgrade": "websocket" if ws else "", "upstream_addr": peer}
        if ws and t >= change:
            rec.update(status="502", upstream_status="502", upstream_connect_time="0.001", upstream_header_time="-", upstream_response_time="0.002", request_time="0.002")
            errors.append(nginx_error(t, "error", conn, "upstream prematurely closed connection", "reading response header from upstream", c, host, "GET", path, "http://%s%s" % (peer, path)))
        elif ws:
            d = r.uniform(5, 300)
            rec.update(status="101", upstream_status="101", upstream_connect_time="0.001", upstream_header_time="0.003", upstream_response_time="%.3f" % d, request_time="%.3f" % d)
        else:
            rec.update(status="200", upstream_status="200", upstream_connect_time="0.001", upstream_header_time="0.020", upstream_response_time="0.021", request_time="0.021")
        access.append(json.dumps(rec, separators=(",", ":")))
    write("nginx-websocket", "access.json.log", access)
    write("nginx-websocket", "error.log", errors)
    expect("nginx-websocket", {"incidents": [{"service": host, "start": "2026-03-14T09:10:00Z", "cause": "WEBSOCKET_UPGRADE", "targets": [peer], "end": "2026-03-14T09:19:59Z"}]})


def scenario_nginx_proxy_limits():
    r = random.Random(8)
    host, peer = "cdn-origin.example.com", "10.0.30.9:80"
    bad = (T0 + timedelta(minutes=7), T0 + timedelta(minutes=9))
    access, errors, conn = [], [], 12000
    for t in traffic(r, T0, 900, 6):
        conn += 1
        c, path = client(r), r.choice(PATHS)
        if bad[0] <= t < bad[1] and r.random() < 0.6:
            access.append(nginx_upstream_line(t, c, "GET", path, 502, 0.000, [(peer, 502, "-", "-", "0.000")], host, conn))
            errors.append(nginx_error(t, "crit", conn, "connect() to %s failed (99: Cannot assign requested address)" % peer, "connecting to upstream", c, host, "GET", path, "http://%s%s" % (peer, path)))
        else:
            access.append(nginx_upstream_line(t, c, "GET", path, 200, 0.01, [ok_try(r, peer, 0.01)], host, conn))
    write("nginx-proxy-limits", "access.log", access)
    write("nginx-proxy-limits", "error.log", errors)
    expect("nginx-proxy-limits", {"incidents": [{"service": host, "start": "2026-03-14T09:07:00Z", "end": "2026-03-14T09:09:00Z", "cause": "PROXY_LIMITS", "targets": [peer]}]})


def scenario_ingress_bad_response():
    """kubectl logs of an ingress-nginx controller: access, error and controller lines interleaved."""
    r = random.Random(9)
    svc, peers = "shop-checkout-8080", ["10.244.1.17:8080", "10.244.2.9:8080"]
    bad = T0 + timedelta(minutes=6)
    out, conn = [], 1
    out.append('I0314 09:00:00.101010       7 controller.go:190] "Configuration changes detected, backend reload required"')
    for t in traffic(r, T0, 900, 3):
        conn += 1
        c, p = client(r), r.choice(peers)
        path = "/checkout/session"
        if t >= bad and r.random() < 0.5:
            out.append(nginx_error(t, "error", conn, "upstream sent too big header", "reading response header from upstream", c, "checkout.example.com", "GET", path, "http://%s%s" % (p, path)))
            out.append('%s - - [%s] "GET %s HTTP/2.0" 502 150 "-" "%s" 38 0.012 [%s] [] %s 0 0.012 502 %032x' % (c, clf(t), path, UAS[0], svc, p, r.getrandbits(128)))
        else:
            out.append('%s - - [%s] "GET %s HTTP/2.0" 200 812 "-" "%s" 38 0.015 [%s] [] %s 812 0.015 200 %032x' % (c, clf(t), path, UAS[0], svc, p, r.getrandbits(128)))
        if r.random() < 0.01:
            out.append('I%s       7 store.go:440] "Found valid SSL certificate" ingress="shop/checkout"' % t.strftime("%m%d %H:%M:%S.000000"))
    write("ingress-bad-response", "controller.log", out)
    expect("ingress-bad-response", {"incidents": [{"service": svc, "start": "2026-03-14T09:06:00Z", "cause": "BAD_UPSTREAM_RESPONSE", "end": "2026-03-14T09:14:59Z", "targets": ["10.244.1.17:8080", "10.244.2.9:8080"]}]})


def alb_line(t, target, rpt, tpt, rspt, status, tstatus, path, tg="api-tg", reason="-", host="api.example.com", took=0.003):
    """took: seconds from request_creation_time to the response."""
    return ('https %s app/prod-alb/50dc6c495c0c9188 %s:%d %s %s %s %s %s %s 734 %d "GET https://%s:443%s HTTP/1.1" "%s" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 '
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/%s/73e2d6bc24d8a067 "Root=1-6000-%08x" "%s" "arn:aws:acm:us-east-1:123456789012:certificate/abc" 0 %s "forward" "-" "%s" "%s" "%s" "-" "-" TID_1'
            % (iso(t), "198.51.100.%d" % (sum(map(ord, path)) % 200 + 2), 40000 + t.second, target, rpt, tpt, rspt, status, tstatus, 257 if status != 200 else 4096, host, path, UAS[1], tg, t.second * 1000 + t.microsecond // 1000, host, iso(t - timedelta(seconds=took)), reason, target, tstatus))


def scenario_alb_target_down():
    r = random.Random(10)
    targets = ["10.0.12.5:8080", "10.0.12.6:8080"]
    bad = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=14))
    lines = []
    for t in traffic(r, T0, 1200, 5):
        tg = r.choice(targets)
        path = r.choice(PATHS)
        if bad[0] <= t < bad[1] and tg == targets[0]:
            lines.append(alb_line(t, tg, "-1", "-1", "-1", 502, "-", path))
        else:
            x = r.lognormvariate(0, 0.3) * 0.05
            lines.append(alb_line(t, tg, "0.000", "%.3f" % x, "0.000", 200, "200", path))
    write("alb-target-down", "123456789012_elasticloadbalancing_us-east-1_app.prod-alb.log.gz", lines, gz=True)
    expect("alb-target-down", {"incidents": [{"service": "api-tg", "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:14:00Z", "cause": "UPSTREAM_DOWN", "targets": [targets[0]]}]})


def haproxy_line(t, srv, timers, status, state, be="be_api", sq="0/0", conns="12/12/3/1/0"):
    return '%s lb1 haproxy[2211]: %s:%d [%s] fe_https~ %s/%s %s %d %d - - %s %s %s "GET %s HTTP/1.1"' % (
        t.strftime("%b %d %H:%M:%S"), "198.51.100.%d" % (t.microsecond % 200 + 2), 30000 + t.second, t.strftime("%d/%b/%Y:%H:%M:%S.") + "%03d" % (t.microsecond // 1000),
        be, srv, timers, status, 217 if status >= 500 else 2048, state, conns, sq, "/api/v2/items")


def scenario_haproxy_network():
    r = random.Random(11)
    servers = ["api1", "api2", "api3"]
    bad = (T0 + timedelta(minutes=5), T0 + timedelta(minutes=8))
    lines = []
    for t in traffic(r, T0, 900, 5):
        s = r.choice(servers)
        if bad[0] <= t < bad[1] and s != "api1":
            lines.append(haproxy_line(t, s, "0/0/-1/-1/5001", 503, "sC--"))
        else:
            x = int(r.lognormvariate(0, 0.3) * 30)
            lines.append(haproxy_line(t, s, "0/0/1/%d/%d" % (x, x + 1), 200, "----"))
    write("haproxy-network", "haproxy.log", lines)
    expect("haproxy-network", {"incidents": [{"service": "be_api", "start": "2026-03-14T09:05:00Z", "end": "2026-03-14T09:08:00Z", "cause": "NETWORK", "targets": ["api2", "api3"]}]})


def scenario_elb_busy_healthy():
    """Classic ELB: traffic quadruples for ten minutes and is served fine; two scattered 502s."""
    r = random.Random(12)
    busy = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=20))
    lines = []
    n = 0
    for t in traffic(r, T0, 1800, 0, lambda t: 12.0 if busy[0] <= t < busy[1] else 3.0):
        n += 1
        be = "10.0.1.%d:80" % r.randint(10, 13)
        if n in (1500, 9100):
            lines.append('%s www-elb 192.0.2.%d:%d %s 0.000041 -1 -1 502 0 0 0 "GET http://www.example.com:80/ HTTP/1.1" "%s" - -' % (iso(t), r.randint(2, 250), 40000 + n % 20000, be, UAS[0]))
        else:
            x = r.lognormvariate(0, 0.3) * 0.04
            lines.append('%s www-elb 192.0.2.%d:%d %s 0.000041 %.6f 0.000022 200 200 0 4096 "GET http://www.example.com:80/products/%d HTTP/1.1" "%s" - -' % (iso(t), r.randint(2, 250), 40000 + n % 20000, be, x, r.randint(1, 500), UAS[0]))
    write("elb-busy-healthy", "elb.log", lines)
    expect("elb-busy-healthy", {"incidents": []})


def scenario_nginx_error_log_only():
    """Only the error log survived: the upstream pool went down, nginx retried, then gave up."""
    r = random.Random(13)
    host, peers = "search.example.com", ["10.0.40.5:9200", "10.0.40.6:9200"]
    bad = (T0 + timedelta(minutes=20), T0 + timedelta(minutes=24))
    out, conn = [], 100
    for t in traffic(r, T0, 2400, 0.05):  # a little background noise all along
        conn += 1
        out.append("%s [info] 2211#2211: *%d client %s closed keepalive connection" % (errtime(t), conn, client(r)))
    for t in traffic(r, bad[0], (bad[1] - bad[0]).seconds, 3):
        conn += 1
        c, path = client(r), r.choice(["/_search", "/products/_search", "/_bulk"])
        if r.random() < 0.5:
            for p in peers:
                out.append(nginx_error(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, "POST", path, "http://%s%s" % (p, path)))
        else:
            out.append(nginx_error(t, "error", conn, "no live upstreams", "connecting to upstream", c, host, "POST", path, "http://search_backend%s" % path))
    out.sort()
    write("nginx-error-log-only", "error.log", out)
    expect("nginx-error-log-only", {"incidents": [{"service": host, "start": "2026-03-14T09:20:00Z", "end": "2026-03-14T09:24:00Z", "cause": "UPSTREAM_DOWN", "targets": ["10.0.40.5:9200", "10.0.40.6:9200"]}]})


def scenario_nginx_websocket_idle():
    """Live sessions go quiet and nginx's proxy_read_timeout (60 s) cuts them: 101s, no 502s."""
    r = random.Random(14)
    host, peer = "live.example.net", "10.8.0.4:4000"
    acc, err, conn = [], [], 1
    for t in traffic(r, T0, 1500, 2):
        conn += 1
        c = client(r)
        if r.random() < 0.3:
            end = t + timedelta(seconds=60)
            acc.append((end, nginx_upstream_line(end, c, "GET", "/live/socket", 101, 60.002, [(peer, 101, "0.001", "0.002", "60.001")], host, conn)))
            err.append((end, nginx_error(end, "info", conn, "upstream timed out (110: Connection timed out)", "proxying upgraded connection", c, host, "GET", "/live/socket", "http://%s/live/socket" % peer)))
        else:
            acc.append((t, nginx_upstream_line(t, c, "GET", "/api/feed", 200, 0.02, [ok_try(r, peer)], host, conn)))
    acc.sort()
    err.sort()
    write("nginx-websocket-idle", "access.log", [x for _, x in acc])
    write("nginx-websocket-idle", "error.log", [x for _, x in err])
    expect("nginx-websocket-idle", {"incidents": [{"service": host, "start": "2026-03-14T09:01:00Z", "cause": "WEBSOCKET_UPGRADE", "targets": [peer], "end": "2026-03-14T09:26:00Z"}]})


def haproxy_notice(t, msg):
    return "%s lb1 haproxy[2211]: %s" % (t.strftime("%b %d %H:%M:%S"), msg)


def haproxy_checks_fail(be, servers, down, reason):
    """The health checks take the servers of `be` DOWN one a second before `down`, then the backend has none."""
    lines = []
    for k, s in enumerate(servers):
        t = down - timedelta(seconds=len(servers) - k)
        lines.append((t, haproxy_notice(t, 'Server %s/%s is DOWN, reason: %s. %d active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.' % (be, s, reason, len(servers) - 1 - k))))
    lines.append((down, haproxy_notice(down, "backend %s has no server available!" % be)))
    return lines


def scenario_haproxy_down():
    """HAProxy: health checks take every server of be_web down; requests get <NOSRV> 503 (SC)."""
    r = random.Random(13)
    servers = ["web1", "web2", "web3"]
    down, up = T0 + timedelta(minutes=8), T0 + timedelta(minutes=12)
    lines = haproxy_checks_fail("be_web", servers, down, 'Layer4 connection problem, info: "Connection refused", check duration: 0ms')
    for t in traffic(r, T0, 1200, 4):
        s = r.choice(servers)
        if down <= t < up:
            lines.append((t, haproxy_line(t, "<NOSRV>", "0/-1/-1/-1/0", 503, "SC--", be="be_web")))
        elif down - timedelta(seconds=15) <= t < down:
            lines.append((t, haproxy_line(t, s, "0/0/-1/-1/3002", 503, "SC--", be="be_web")))
        else:
            x = int(r.lognormvariate(0, 0.3) * 40)
            lines.append((t, haproxy_line(t, s, "0/0/0/%d/%d" % (x, x + 1), 200, "----", be="be_web")))
    lines.sort(key=lambda x: x[0])
    write("haproxy-down", "haproxy.log", [x for _, x in lines])
    expect("haproxy-down", {"incidents": [{"service": "be_web", "start": "2026-03-14T09:07:45Z", "end": "2026-03-14T09:11:59Z", "cause": "UPSTREAM_DOWN", "targets": servers}]})


def scenario_haproxy_bad_response():
    """HAProxy: one server's responses are rejected as invalid (PH, 502) for five minutes."""
    r = random.Random(14)
    bad = (T0 + timedelta(minutes=7), T0 + timedelta(minutes=12))
    lines = []
    for t in traffic(r, T0, 1200, 5):
        s = r.choice(["app1", "app2"])
        x = int(r.lognormvariate(0, 0.3) * 25)
        state, status = ("PH--", 502) if bad[0] <= t < bad[1] and s == "app2" and r.random() < 0.6 else ("----", 200)
        lines.append(haproxy_line(t, s, "0/0/1/%d/%d" % (x, x + 1), status, state, be="be_app"))
    write("haproxy-bad-response", "haproxy.log", lines)
    expect("haproxy-bad-response", {"incidents": [{"service": "be_app", "start": "2026-03-14T09:07:00Z", "end": "2026-03-14T09:11:59Z", "cause": "BAD_UPSTREAM_RESPONSE", "targets": ["app2"]}]})


def scenario_nginx_unreachable_access_only():
    """Access log only: POSTs to one peer fail after 3 s without a connect (no route); GETs are retried."""
    r = random.Random(15)
    host, peers = "pay.example.net", ["10.0.5.3:80", "10.0.5.4:80"]
    bad = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=16))
    access, conn = [], 30000
    for t in traffic(r, T0, 1500, 5):
        conn += 1
        c, path, method = client(r), r.choice(PATHS), r.choice(["GET", "POST"])
        peer = r.choice(peers)
        if bad[0] <= t < bad[1] and peer == peers[0]:
            failed = (peer, 502, "-", "-", "3.001")
            if method == "POST":
                access.append(nginx_upstream_line(t, c, method, path, 502, 3.002, [failed], host, conn))
            else:
                access.append(nginx_upstream_line(t, c, method, path, 200, 3.05, [failed, ok_try(r, peers[1])], host, conn))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.03, [ok_try(r, peer)], host, conn))
    write("nginx-unreachable-access-only", "access.log", access)
    expect("nginx-unreachable-access-only", {"incidents": [{"service": host, "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:16:00Z", "cause": "NETWORK", "targets": [peers[0]]}]})


def scenario_alb_lambda():
    """ALB with a Lambda target group: the function returns malformed responses for eight minutes."""
    r = random.Random(16)
    bad = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=18))
    lines = []
    for t in traffic(r, T0, 1500, 3):
        path = "/fn/" + r.choice(["quote", "price", "stock"])
        if bad[0] <= t < bad[1] and r.random() < 0.7:
            lines.append(alb_line(t, "-", "0.001", "0.145", "-1", 502, "-", path, tg="fn-tg", reason="LambdaInvalidResponse", host="fn.example.com"))
        else:
            lines.append(alb_line(t, "-", "0.001", "%.3f" % (r.random() * 0.2 + 0.05), "0.000", 200, "200", path, tg="fn-tg", host="fn.example.com"))
    write("alb-lambda", "123456789012_elasticloadbalancing_us-east-1_app.fn-alb.log.gz", lines, gz=True)
    expect("alb-lambda", {"incidents": [{"service": "fn-tg", "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:18:00Z", "cause": "BAD_UPSTREAM_RESPONSE", "targets": []}]})


def scenario_haproxy_tls_health():
    """HAProxy: the servers' certificates fail the health checks' TLS handshake (check-ssl); every
    server goes DOWN and requests find none (<NOSRV> 503): the checks' reason is the cause."""
    r = random.Random(19)
    servers = ["pay1", "pay2"]
    down, up = T0 + timedelta(minutes=20), T0 + timedelta(minutes=26)
    lines = haproxy_checks_fail("be_pay", servers, down, 'Layer6 invalid response, info: "SSL handshake failure", check duration: 3ms')
    for t in traffic(r, T0, 2400, 3):
        if down <= t < up:
            lines.append((t, haproxy_line(t, "<NOSRV>", "0/-1/-1/-1/0", 503, "SC--", be="be_pay")))
        else:
            x = int(r.lognormvariate(0, 0.3) * 60)
            lines.append((t, haproxy_line(t, r.choice(servers), "0/0/1/%d/%d" % (x, x + 2), 200, "----", be="be_pay")))
    lines.sort(key=lambda x: x[0])
    write("haproxy-tls-health", "haproxy.log", [x for _, x in lines])
    expect("haproxy-tls-health", {"incidents": [{"service": "be_pay", "start": "2026-03-14T09:20:00Z", "end": "2026-03-14T09:25:59Z", "cause": "TLS_FAILURE", "targets": servers}]})


def scenario_alb_overload():
    """ALB: traffic triples for ten minutes; the targets' response times climb twentyfold until the
    idle timeout (60 s) cuts requests (504) and workers die mid-request (502 after seconds)."""
    r = random.Random(20)
    targets = ["10.0.14.11:8080", "10.0.14.12:8080", "10.0.14.13:8080"]
    peak = (T0 + timedelta(minutes=12), T0 + timedelta(minutes=22))
    lines = []
    for t in traffic(r, T0, 1800, 0, lambda t: 9.0 if peak[0] <= t < peak[1] else 3.0):
        tg, path = r.choice(targets), r.choice(PATHS)
        u = r.random()
        if peak[0] <= t < peak[1] and u < 0.12:
            lines.append(alb_line(t, tg, "0.000", "-1", "-1", 504, "-", path, tg="web-tg", took=60.0 + r.random() * 0.01))
        elif peak[0] <= t < peak[1] and u < 0.16:
            lines.append(alb_line(t, tg, "0.000", "-1", "-1", 502, "-", path, tg="web-tg", took=r.uniform(5, 40)))
        else:
            x = r.lognormvariate(0, 0.5) * (4.0 if peak[0] <= t < peak[1] else 0.2)
            lines.append(alb_line(t, tg, "0.000", "%.3f" % x, "0.000", 200, "200", path, tg="web-tg", took=x + 0.001))
    write("alb-overload", "123456789012_elasticloadbalancing_us-east-1_app.web-alb.log.gz", lines, gz=True)
    expect("alb-overload", {"incidents": [{"service": "web-tg", "start": "2026-03-14T09:12:00Z", "end": "2026-03-14T09:22:00Z", "cause": "UPSTREAM_OVERLOAD", "targets": targets}]})


def scenario_haproxy_rfc5424_server_down():
    """HAProxy logging in RFC 5424 (log ... format rfc5424): one server's process dies; its connects
    are refused until the health check takes it out, the other two carry on."""
    r = random.Random(21)
    servers = ["app1", "app2", "app3"]
    die, back = T0 + timedelta(minutes=9), T0 + timedelta(minutes=16)
    rfc = lambda t, body: "<134>1 %s lb1 haproxy 2211 - - %s" % (iso(t), body)
    lines = [(die + timedelta(seconds=8), rfc(die + timedelta(seconds=8), 'Server be_shop/app2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.'))]
    for t in traffic(r, T0, 1200, 6):
        s = r.choice(servers)
        if die <= t < die + timedelta(seconds=8) and s == "app2":
            body = haproxy_line(t, s, "0/0/-1/-1/0", 503, "SC--", be="be_shop")
        else:
            if die <= t < back and s == "app2":
                s = r.choice(["app1", "app3"])
            x = int(r.lognormvariate(0, 0.3) * 30)
            body = haproxy_line(t, s, "0/0/0/%d/%d" % (x, x + 1), 200, "----", be="be_shop")
        lines.append((t, rfc(t, body.split(": ", 1)[1])))
    lines.sort(key=lambda x: x[0])
    write("haproxy-rfc5424-server-down", "haproxy.log", [x for _, x in lines])
    expect("haproxy-rfc5424-server-down", {"incidents": [{"service": "be_shop", "start": "2026-03-14T09:09:00Z", "cause": "UPSTREAM_DOWN", "targets": ["app2"], "end": "2026-03-14T09:09:06Z"}]})


if __name__ == "__main__":
    scenario_nginx_upstream_down()
    scenario_nginx_rolling_restart()
    scenario_nginx_overload()
    scenario_nginx_keepalive_race()
    scenario_nginx_dns()
    scenario_nginx_tls()
    scenario_nginx_websocket()
    scenario_nginx_proxy_limits()
    scenario_ingress_bad_response()
    scenario_alb_target_down()
    scenario_haproxy_network()
    scenario_elb_busy_healthy()
    scenario_nginx_error_log_only()
    scenario_nginx_websocket_idle()
    scenario_haproxy_down()
    scenario_haproxy_bad_response()
    scenario_nginx_unreachable_access_only()
    scenario_alb_lambda()
    scenario_haproxy_tls_health()
    scenario_alb_overload()
    scenario_haproxy_rfc5424_server_down()
    import generate_cascades
    generate_cascades.scenarios()
    import generate_upstream
    generate_upstream.scenarios()
    import generate_gateways
    generate_gateways.scenarios()
    import generate_dimensions
    generate_dimensions.scenarios()
