"""Part of bench/diagnosis.sh: probes written independently of sample-logs/generate.py, in other log
formats (key=value and bare nginx tails, JSON with other keys, RFC 5424 syslog, ingress-nginx,
classic ELB) and with other rates, windows and messages, so that a rule tuned to the samples shows
up here. Writes bench-data/scenarios/out4 and adds the expected top causes to expect.json."""
import gzip, json, os, random
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_BASE = os.path.join(ROOT, "bench-data", "scenarios")
OUT = os.path.join(OUT_BASE, "out4")
T0 = datetime(2026, 9, 2, 13, 30, 0, tzinfo=timezone.utc)
td = lambda **k: timedelta(**k)
EXP_PATH = os.path.join(OUT_BASE, "expect.json")
EXP = json.load(open(EXP_PATH)) if os.path.exists(EXP_PATH) else {}
AGENTS = ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15",
          "Go-http-client/2.0", "Dalvik/2.1.0 (Linux; U; Android 14)", "kube-probe/1.30"]
URIS = ["/graphql", "/v1/accounts/42/balance", "/v1/payments", "/static/app.3f9a.js", "/v1/session", "/v1/search?term=a%20b"]


def arrivals(r, start, seconds, rate):
    t, end = start, start + td(seconds=seconds)
    while True:
        lam = rate(t) if callable(rate) else rate
        t += td(seconds=r.expovariate(lam))
        if t >= end:
            return
        yield t


def save(name, fname, lines, gz=False):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode()
    if gz:
        with gzip.GzipFile(os.path.join(d, fname + ".gz"), "wb", mtime=0) as f:
            f.write(data)
    else:
        open(os.path.join(d, fname), "wb").write(data)


def expect(name, cause):
    EXP[name] = {"cause": cause, "targets": None}


def tlocal(t, off=0):
    t = t + td(hours=off)
    return t.strftime("%d/%b/%Y:%H:%M:%S ") + ("%+03d00" % off)


def ip(r):
    return "%d.%d.%d.%d" % (r.choice([81, 93, 172, 188]), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))


class Tries:
    """An nginx upstream try list: (addr, status, connect, header, response)."""

    def __init__(self, *tries):
        self.t = tries

    def col(self, i):
        return ", ".join(str(x[i]) for x in self.t)


def ok(r, peer, base=0.03):
    x = r.lognormvariate(0, 0.35) * base
    return (peer, 200, "0.000", "%.3f" % x, "%.3f" % (x + 0.001))


def kv_line(r, t, c, m, u, st, rt, tries, host):
    """log_format kv '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
    "$http_referer" "$http_user_agent" request_time=$request_time upstream_addr=$upstream_addr
    upstream_status=$upstream_status upstream_connect_time=$upstream_connect_time
    upstream_header_time=$upstream_header_time upstream_response_time=$upstream_response_time host=$host'"""
    return ('%s - - [%s] "%s %s HTTP/1.1" %d %d "https://%s/" "%s" request_time=%.3f upstream_addr=%s upstream_status=%s '
            'upstream_connect_time=%s upstream_header_time=%s upstream_response_time=%s host=%s'
            % (c, tlocal(t), m, u, st, 173 if st >= 500 else r.randint(300, 9000), host, r.choice(AGENTS), rt,
               tries.col(0), tries.col(1), tries.col(2), tries.col(3), tries.col(4), host))


def bare_line(r, t, c, m, u, st, rt, tries, host, off=0):
    """log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
    "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $request_time $upstream_response_time
    $upstream_addr $upstream_status'"""
    return ('%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" "-" %.3f %s %s %s'
            % (c, tlocal(t, off), m, u, st, 157 if st >= 500 else r.randint(300, 9000), r.choice(AGENTS), rt,
               tries.col(4), tries.col(0), tries.col(1)))


def json_line(r, t, c, m, u, st, rt, tries, host, upgrade=""):
    rec = {"time_local": tlocal(t), "remote_addr": c, "request_method": m, "request_uri": u, "status": st,
           "body_bytes_sent": 157 if st >= 500 else r.randint(300, 9000), "request_time": "%.3f" % rt,
           "http_host": host, "http_user_agent": r.choice(AGENTS), "upstream_addr": tries.col(0),
           "upstream_status": tries.col(1), "upstream_connect_time": tries.col(2),
           "upstream_header_time": tries.col(3), "upstream_response_time": tries.col(4)}
    if upgrade:
        rec["http_upgrade"] = upgrade
    return json.dumps(rec)


def err_line(t, level, conn, msg, phase, c, host, m, u, upstream, pid=31337, off=0):
    s = "%s [%s] %d#%d: *%d %s" % ((t + td(hours=off)).strftime("%Y/%m/%d %H:%M:%S"), level, pid, pid, conn, msg)
    if phase:
        s += " while " + phase
    s += ', client: %s, server: %s, request: "%s %s HTTP/1.1"' % (c, host, m, u)
    if upstream:
        s += ', upstream: "%s"' % upstream
    return s + ', host: "%s"' % host


def nginx(name, host, peers, seconds, rate, fail, writer=kv_line, seed=1, errs="error.log", gz=False, off=0):
    """fail(r, t, c, m, u, conn) -> None (healthy) or (status, request_time, Tries, [error lines])."""
    r = random.Random(seed)
    acc, err, conn = [], [], 70000
    for t in arrivals(r, T0, seconds, rate):
        conn += r.randint(1, 3)
        c, u = ip(r), r.choice(URIS)
        m = "POST" if u in ("/v1/payments", "/graphql") else "GET"
        res = fail(r, t, c, m, u, conn)
        if res is None:
            x = ok(r, r.choice(peers))
            res = (200, float(x[4]) + 0.001, Tries(x), [])
        st, rt, tries, e = res
        line = writer(r, t, c, m, u, st, rt, tries, host, off=off) if writer is bare_line else writer(r, t, c, m, u, st, rt, tries, host)
        acc.append(line)
        err.extend(e)
    save(name, "access.log", acc, gz)
    if err and errs:
        save(name, errs, err, gz)


def window(a, b):
    return lambda t: T0 + td(minutes=a) <= t < T0 + td(minutes=b)


def one_error(host, peers, when, status, rt, timings, level, message, phase, scheme="http", keep=None):
    """A fail() for nginx(): while when(t), a request that keep(r, u) admits fails on a peer picked at
    random, with the one error line nginx writes for it ({peer} in the message names the peer).
    timings: (connect, header, response) of the failed try."""
    def f(r, t, c, m, u, cn):
        if not when(t) or keep is not None and not keep(r, u):
            return None
        p = r.choice(peers)
        return status, rt, Tries((p, status) + timings), [
            err_line(t, level, cn, message.replace("{peer}", p), phase, c, host, m, u, "%s://%s%s" % (scheme, p, u))]
    return f


# 1. All three peers refuse for 4 minutes; nginx tries each, then marks them failed: "no live upstreams".
def ng_all_refused():
    host, peers = "accounts.example.org", ["172.20.1.%d:8000" % i for i in (4, 5, 6)]
    bad = window(41, 45)
    def f(r, t, c, m, u, cn):
        if not bad(t):
            return None
        if r.random() < 0.3:
            return 502, 0.0, Tries(("accounts_backend", 502, "-", "-", "-")), [err_line(t, "error", cn, "no live upstreams", "connecting to upstream", c, host, m, u, "http://accounts_backend" + u)]
        ts = [(p, 502, "-", "-", "0.000") for p in peers]
        return 502, 0.001, Tries(*ts), [err_line(t, "error", cn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, m, u, "http://%s%s" % (p, u)) for p in peers]
    nginx("ng-all-refused", host, peers, 3600, 7, f, kv_line, seed=401)
    expect("ng-all-refused", "UPSTREAM_DOWN")


# 2. A firewall change drops SYNs to one of two peers: connects time out after proxy_connect_timeout 5s.
def ng_connect_timeout():
    host, peers = "ledger.example.org", ["10.60.0.10:8443", "10.60.0.11:8443"]
    bad = window(12, 27)
    def f(r, t, c, m, u, cn):
        if not bad(t) or r.random() < 0.5:
            return None
        e = err_line(t, "error", cn, "upstream timed out (110: Connection timed out)", "connecting to upstream", c, host, m, u, "http://%s%s" % (peers[0], u))
        if m == "POST":
            return 504, 5.001, Tries((peers[0], 504, "-", "-", "5.001")), [e]
        o = ok(r, peers[1])
        return 200, 5.05, Tries((peers[0], 504, "-", "-", "5.000"), o), [e]
    nginx("ng-connect-timeout", host, peers, 2700, 5, f, bare_line, seed=402)
    expect("ng-connect-timeout", "NETWORK")


# 3. JSON access log, variable proxy_pass: the resolver answers SERVFAIL for five minutes.
def ng_dns_servfail():
    host = "geo.example.org"
    bad = window(20, 25)
    def f(r, t, c, m, u, cn):
        if not bad(t):
            return None
        return 502, 0.0, Tries(("", "", "", "", "")), [
            "%s [error] 811#811: *%d geo-api.svc.cluster.local could not be resolved (2: Server failure), client: %s, server: %s, request: \"%s %s HTTP/1.1\", host: \"%s\"" % (t.strftime("%Y/%m/%d %H:%M:%S"), cn, c, host, m, u, host)]
    nginx("ng-dns-servfail", host, ["10.96.4.2:80"], 2400, 4, f, json_line, seed=403)
    expect("ng-dns-servfail", "DNS_FAILURE")


# 4. The upstream's new certificate lacks the name nginx verifies (proxy_ssl_verify on).
def ng_tls_name():
    host, peers = "vault.example.org", ["10.70.2.1:8200", "10.70.2.2:8200"]
    f = one_error(host, peers, lambda t: t >= T0 + td(minutes=33), 502, 0.006, ("-", "-", "0.005"), "error",
                  'upstream SSL certificate does not match "vault.internal" while SSL handshaking to upstream', None, scheme="https")
    nginx("ng-tls-name", host, peers, 3000, 3, f, kv_line, seed=404)
    expect("ng-tls-name", "TLS_FAILURE")


# 5. proxy_pass https:// to a port that speaks plain HTTP.
def ng_tls_version():
    host, peers = "metrics.example.org", ["10.70.3.9:9090"]
    f = one_error(host, peers, window(8, 30), 502, 0.002, ("-", "-", "0.001"), "crit",
                  "SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number)", "SSL handshaking to upstream", scheme="https")
    nginx("ng-tls-version", host, peers, 2400, 2, f, bare_line, seed=405)
    expect("ng-tls-version", "TLS_FAILURE")


# 6. gunicorn: traffic doubles, latency climbs, workers hit their 30 s timeout and are killed.
def ng_gunicorn_overload():
    host, peers = "catalog.example.org", ["10.80.0.%d:8000" % i for i in (21, 22, 23)]
    peak = window(25, 35)
    def f(r, t, c, m, u, cn):
        if not peak(t):
            return None
        p = r.choice(peers)
        x = r.random()
        if x < 0.08:
            return 502, 30.01, Tries((p, 502, "0.001", "-", "30.008")), [err_line(t, "error", cn, "upstream prematurely closed connection", "reading response header from upstream", c, host, m, u, "http://%s%s" % (p, u))]
        if x < 0.12:
            return 504, 60.0, Tries((p, 504, "0.001", "-", "60.000")), [err_line(t, "error", cn, "upstream timed out (110: Connection timed out)", "reading response header from upstream", c, host, m, u, "http://%s%s" % (p, u))]
        y = r.lognormvariate(0, 0.6) * 6
        return 200, y, Tries((p, 200, "0.001", "%.3f" % y, "%.3f" % y)), []
    nginx("ng-gunicorn-overload", host, peers, 3600, lambda t: 24.0 if peak(t) else 11.0, f, kv_line, seed=406)
    expect("ng-gunicorn-overload", "UPSTREAM_OVERLOAD")


# 7. Six hours: rare resets on reused connections (the upstream's keep-alive timeout is 5 s).
def ng_keepalive_reset():
    host, peers = "feed.example.org", ["10.90.0.%d:3000" % i for i in (2, 3, 4, 5)]
    def f(r, t, c, m, u, cn):
        if r.random() > 0.0015:
            return None
        p = r.choice(peers)
        e = err_line(t, "error", cn, "recv() failed (104: Connection reset by peer)", "reading response header from upstream", c, host, m, u, "http://%s%s" % (p, u))
        if m == "GET" and r.random() < 0.7:
            o = ok(r, r.choice([q for q in peers if q != p]))
            return 200, 0.04, Tries((p, 502, "0.000", "-", "0.001"), o), [e]
        return 502, 0.001, Tries((p, 502, "0.000", "-", "0.001")), [e]
    nginx("ng-keepalive-reset", host, peers, 6 * 3600, 2.5, f, bare_line, seed=407)
    expect("ng-keepalive-reset", "KEEPALIVE_RACE")


# 8. The proxy runs out of file descriptors while traffic is high.
def ng_nofile():
    host, peers = "media.example.org", ["10.11.0.%d:80" % i for i in (7, 8)]
    bad = window(17, 21)
    def f(r, t, c, m, u, cn):
        if not bad(t) or r.random() > 0.45:
            return None
        p = r.choice(peers)
        msg = "socket() failed (24: Too many open files)" if r.random() < 0.8 else "1024 worker_connections are not enough"
        return 502, 0.0, Tries((p, 502, "-", "-", "0.000")), [err_line(t, "alert", cn, msg, "connecting to upstream", c, host, m, u, "http://%s%s" % (p, u))]
    nginx("ng-nofile", host, peers, 1800, lambda t: 40.0 if bad(t) else 20.0, f, kv_line, seed=408)
    expect("ng-nofile", "PROXY_LIMITS")


# 9. A release makes one endpoint emit an invalid header on both peers.
def ng_invalid_header():
    host, peers = "orders.example.org", ["10.12.0.3:8080", "10.12.0.4:8080"]
    f = one_error(host, peers, window(50, 70), 502, 0.031, ("0.001", "-", "0.030"), "error",
                  'upstream sent invalid header: "X-Trace\\x0D..." while reading response header from upstream', None,
                  keep=lambda r, u: u == "/v1/session")
    nginx("ng-invalid-header", host, peers, 5400, 6, f, json_line, seed=409)
    expect("ng-invalid-header", "BAD_UPSTREAM_RESPONSE")


# 10. Access log only (bare tail), +0530 zone: one of three peers refuses for 6 minutes, GETs retried.
def ng_access_only_refused():
    host, peers = "pay.example.in", ["10.13.0.%d:9000" % i for i in (1, 2, 3)]
    bad = window(14, 20)
    def f(r, t, c, m, u, cn):
        p = r.choice(peers)
        if not bad(t) or p != peers[1]:
            return None
        if m == "POST":
            return 502, 0.001, Tries((p, 502, "-", "-", "0.000")), []
        return 200, 0.03, Tries((p, 502, "-", "-", "0.000"), ok(r, peers[2])), []
    nginx("ng-access-only-refused", host, peers, 2400, 9, f, bare_line, seed=410, errs=None, off=0)
    expect("ng-access-only-refused", "UPSTREAM_DOWN")


# 11. ingress-nginx: a deployment's pods restart one by one without a preStop hook.
def ingress_rollout():
    r = random.Random(411)
    svc = "prod-web-80"
    pods = ["10.244.%d.%d:8080" % (i, 10 + i) for i in range(1, 6)]
    start = T0 + td(minutes=20)
    out, conn = [], 500
    for t in arrivals(r, T0, 3000, 15):
        conn += 1
        c, u = ip(r), r.choice(URIS)
        m = "POST" if u in ("/v1/payments", "/graphql") else "GET"
        k = int((t - start).total_seconds() // 60)
        p = r.choice(pods)
        phase = (t - start).total_seconds() % 60
        if 0 <= k < len(pods) and p == pods[k] and phase < 20:
            out.append(err_line(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, "web.example.org", m, u, "http://%s%s" % (p, u), pid=38))
            alt = r.choice([q for q in pods if q != p])
            if m == "POST":  # not retried once sent (proxy_next_upstream non_idempotent is off)
                out.append('%s - - [%s] "%s %s HTTP/1.1" 502 150 "-" "%s" 412 0.000 [%s] [] %s 0 0.000 502 %032x'
                           % (c, tlocal(t), m, u, r.choice(AGENTS), svc, p, r.getrandbits(128)))
                continue
            out.append('%s - - [%s] "%s %s HTTP/1.1" 200 %d "-" "%s" 412 0.006 [%s] [] %s, %s 0, %d 0.000, 0.005 502, 200 %032x'
                       % (c, tlocal(t), m, u, 900, r.choice(AGENTS), svc, p, alt, 900, r.getrandbits(128)))
        else:
            x = r.lognormvariate(0, 0.3) * 0.02
            out.append('%s - - [%s] "%s %s HTTP/1.1" 200 %d "-" "%s" 412 %.3f [%s] [] %s %d %.3f 200 %032x'
                       % (c, tlocal(t), m, u, 900, r.choice(AGENTS), x, svc, p, 900, x, r.getrandbits(128)))
    save("ingress-rollout", "controller.log", out)
    expect("ingress-rollout", "UPSTREAM_RESTART")


# 12. Busy but healthy: traffic triples for 20 minutes, latency steady; a handful of scattered 502s.
def ng_busy_healthy():
    host, peers = "www.example.org", ["10.14.0.%d:80" % i for i in (1, 2, 3)]
    seen = {"n": 0}
    def f(r, t, c, m, u, cn):
        seen["n"] += 1
        if seen["n"] % 9001 != 0:
            return None
        p = r.choice(peers)
        return 502, 0.3, Tries((p, 502, "0.001", "-", "0.300")), [err_line(t, "error", cn, "upstream prematurely closed connection", "reading response header from upstream", c, host, m, u, "http://%s%s" % (p, u))]
    nginx("ng-busy-healthy", host, peers, 5400, lambda t: 45.0 if window(30, 50)(t) else 15.0, f, kv_line, seed=412)
    expect("ng-busy-healthy", None)


def hap(t, r, be, srv, timers, st, state, conns="45/45/8/3/0", sq="0/0", uri="/api/orders", rfc5424=False):
    body = '%s:%d [%s] www-in %s/%s %s %d %d - - %s %s %s "GET %s HTTP/1.1"' % (
        ip(r), r.randint(1025, 65000), t.strftime("%d/%b/%Y:%H:%M:%S.") + "%03d" % (t.microsecond // 1000),
        be, srv, timers, st, 230 if st >= 500 else r.randint(500, 9000), state, conns, sq, uri)
    if rfc5424:
        return "<134>1 %s lb-2 haproxy 4242 - - %s" % (t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), body)
    return "%s lb-2 haproxy[4242]: %s" % (t.strftime("%b %d %H:%M:%S").replace(" 0", "  "), body)


def hap_notice(t, msg, rfc5424=False):
    if rfc5424:
        return "<133>1 %s lb-2 haproxy 4242 - - %s" % (t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), msg)
    return "%s lb-2 haproxy[4242]: %s" % (t.strftime("%b %d %H:%M:%S").replace(" 0", "  "), msg)


# 13. HAProxy (RFC 5424 syslog): one server's app dies; its connects are refused, checks take it out.
def hap_one_down():
    r = random.Random(413)
    srvs = ["app1", "app2", "app3"]
    die, back = T0 + td(minutes=22), T0 + td(minutes=31)
    lines = [(die + td(seconds=6), hap_notice(die + td(seconds=6), 'Server be_shop/app2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 2 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.', True)),
             (back, hap_notice(back, 'Server be_shop/app2 is UP, reason: Layer7 check passed, code: 200, check duration: 3ms. 3 active and 0 backup servers up.', True))]
    for t in arrivals(r, T0, 3000, 12):
        s = r.choice(srvs)
        if die <= t < die + td(seconds=6) and s == "app2":
            lines.append((t, hap(t, r, "be_shop", s, "0/0/-1/-1/0", 503, "SC--", rfc5424=True)))
        elif die <= t < back and s == "app2":
            s2 = r.choice(["app1", "app3"])
            x = int(r.lognormvariate(0, 0.3) * 35)
            lines.append((t, hap(t, r, "be_shop", s2, "0/0/0/%d/%d" % (x, x + 1), 200, "----", rfc5424=True)))
        else:
            x = int(r.lognormvariate(0, 0.3) * 35)
            lines.append((t, hap(t, r, "be_shop", s, "0/0/0/%d/%d" % (x, x + 1), 200, "----", rfc5424=True)))
    lines.sort(key=lambda x: x[0])
    save("hap-one-down", "haproxy.log", [l for _, l in lines])
    expect("hap-one-down", "UPSTREAM_DOWN")


# 14. HAProxy: the servers stop answering under a flash crowd: sH-- 504s at timeout server 30s, queues.
def hap_saturated():
    r = random.Random(414)
    srvs = ["w1", "w2"]
    peak = window(15, 24)
    lines = []
    for t in arrivals(r, T0, 2700, lambda t: 30.0 if peak(t) else 10.0):
        s = r.choice(srvs)
        if peak(t):
            d = (t - (T0 + td(minutes=15))).total_seconds()
            tw = int(min(4000, d * 15)) + r.randint(0, 100)
            q = "%d/%d" % (min(120, int(d)), min(150, int(d * 1.2)))
            x = r.random()
            if x < 0.15:
                lines.append(hap(t, r, "be_cart", s, "0/%d/1/-1/%d" % (tw, tw + 30001), 504, "sH--", conns="510/510/500/250/0", sq=q, uri="/cart"))
            elif x < 0.22:
                lines.append(hap(t, r, "be_cart", s, "0/%d/1/-1/%d" % (tw, tw + 12000), 502, "SH--", conns="510/510/500/250/0", sq=q, uri="/cart"))
            else:
                y = int(r.lognormvariate(0, 0.4) * 2500)
                lines.append(hap(t, r, "be_cart", s, "0/%d/1/%d/%d" % (tw, y, tw + y + 1), 200, "----", conns="510/510/500/250/0", sq=q, uri="/cart"))
        else:
            y = int(r.lognormvariate(0, 0.3) * 80)
            lines.append(hap(t, r, "be_cart", s, "0/0/1/%d/%d" % (y, y + 1), 200, "----", uri="/cart"))
    save("hap-saturated", "haproxy.log", lines)
    expect("hap-saturated", "UPSTREAM_OVERLOAD")


def elb(t, r, be, rpt, bpt, rspt, st, bst, uri):
    return '%s prod-classic %s:%d %s %s %s %s %d %s 0 %d "GET https://shop.example.org:443%s HTTP/1.1" "%s" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2' % (
        t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), ip(r), r.randint(1025, 65000), be, rpt, bpt, rspt, st, bst, 0 if st >= 500 else r.randint(500, 9000), uri, r.choice(AGENTS))


# 15. Classic ELB: every instance fails its health check for 5 minutes (503, backend "-").
def elb_all_down():
    r = random.Random(415)
    bes = ["10.15.0.%d:80" % i for i in (4, 5, 6)]
    bad = window(30, 35)
    lines = []
    for t in arrivals(r, T0, 3600, 6):
        if bad(t):
            lines.append(elb(t, r, "-", "-1", "-1", "-1", 503, "-", r.choice(URIS)))
        else:
            x = r.lognormvariate(0, 0.3) * 0.05
            lines.append(elb(t, r, r.choice(bes), "0.000038", "%.6f" % x, "0.000021", 200, "200", r.choice(URIS)))
    save("elb-all-down", "elb.log", lines)
    expect("elb-all-down", "UPSTREAM_DOWN")


def alb(t, r, tgt, rpt, tpt, rspt, st, tst, uri, tg="web-tg", reason="-", typ="h2", took=None):
    """took: seconds from request_creation_time to the response (default: the processing times)."""
    if took is None:
        took = sum(max(0.0, float(x)) for x in (rpt, tpt, rspt)) + 0.001
    return ('%s %s app/edge-alb/1f2e3d4c5b6a7980 %s:%d %s %s %s %s %d %s 512 %d "GET https://edge.example.org:443%s HTTP/2.0" "%s" TLS_AES_128_GCM_SHA256 TLSv1.3 '
            'arn:aws:elasticloadbalancing:eu-west-1:210987654321:targetgroup/%s/0123456789abcdef "Root=1-%08x-%024x" "edge.example.org" "session-reused" 1 %s "forward" "-" "%s" "%s" "%s" "-" "-" TID_abc'
            % (typ, t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), ip(r), r.randint(1025, 65000), tgt, rpt, tpt, rspt, st, tst, 100 if st >= 500 else r.randint(500, 9000),
               uri, r.choice(AGENTS), tg, int(t.timestamp()), r.getrandbits(96), (t - td(seconds=took)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), reason, tgt, tst))


# 16. ALB: targets' response times climb with load until the idle timeout (60 s) cuts them: 504s and
# 502s (targets closing mid-request), latency up 20x.
def alb_overload():
    r = random.Random(416)
    tgts = ["10.16.0.%d:8080" % i for i in (11, 12, 13)]
    peak = window(40, 52)
    lines = []
    for t in arrivals(r, T0, 4200, lambda t: 25.0 if peak(t) else 8.0):
        g = r.choice(tgts)
        if peak(t):
            x = r.random()
            if x < 0.10:
                lines.append(alb(t, r, g, "0.000", "-1", "-1", 504, "-", r.choice(URIS), took=60.0 + r.random() * 0.01))
            elif x < 0.14:
                lines.append(alb(t, r, g, "0.000", "-1", "-1", 502, "-", r.choice(URIS), took=r.uniform(5, 40)))
            else:
                y = r.lognormvariate(0, 0.5) * 4
                lines.append(alb(t, r, g, "0.000", "%.3f" % y, "0.000", 200, "200", r.choice(URIS)))
        else:
            y = r.lognormvariate(0, 0.3) * 0.2
            lines.append(alb(t, r, g, "0.000", "%.3f" % y, "0.000", 200, "200", r.choice(URIS)))
    save("alb-overload", "210987654321_elasticloadbalancing_eu-west-1_app.edge-alb.log", lines, gz=True)
    expect("alb-overload", "UPSTREAM_OVERLOAD")


# 17. nginx in front of a WebSocket app: after a config reload drops the Upgrade headers, the app
# answers the handshakes with garbage nginx rejects; ordinary requests stay fine.
def ng_ws_upgrade():
    host, peers = "rt.example.org", ["10.17.0.2:7000", "10.17.0.3:7000"]
    bad = lambda t: t >= T0 + td(minutes=26)
    r0 = random.Random(417)
    acc, err, conn = [], [], 100
    for t in arrivals(r0, T0, 2400, 5):
        conn += 1
        c, p = ip(r0), r0.choice(peers)
        if r0.random() < 0.3:
            if bad(t):
                acc.append(json_line(r0, t, c, "GET", "/ws/updates", 502, 0.002, Tries((p, 502, "0.000", "-", "0.002")), host, upgrade="websocket"))
                err.append(err_line(t, "error", conn, "upstream prematurely closed connection", "reading response header from upstream", c, host, "GET", "/ws/updates", "http://%s/ws/updates" % p))
            else:
                d = r0.uniform(3, 900)
                acc.append(json_line(r0, t, c, "GET", "/ws/updates", 101, d, Tries((p, 101, "0.000", "0.002", "%.3f" % d)), host, upgrade="websocket"))
        else:
            x = ok(r0, p)
            acc.append(json_line(r0, t, c, "GET", r0.choice(URIS), 200, float(x[4]), Tries(x), host))
    save("ng-ws-upgrade", "access.log", acc)
    save("ng-ws-upgrade", "error.log", err)
    expect("ng-ws-upgrade", "WEBSOCKET_UPGRADE")


# 18. SELinux denies the new upstream port (httpd_can_network_connect off): every connect gets 13.
def ng_selinux():
    host, peers = "intranet.example.org", ["127.0.0.1:8081"]
    f = one_error(host, peers, lambda t: t >= T0 + td(minutes=15), 502, 0.0, ("-", "-", "0.000"), "crit",
                  "connect() to {peer} failed (13: Permission denied)", "connecting to upstream")
    nginx("ng-selinux", host, peers, 1800, 1.5, f, bare_line, seed=418)
    expect("ng-selinux", "PROXY_LIMITS")


# 19. Error log only, resolver down: "recv() failed (111: Connection refused) while resolving".
def ng_resolver_down():
    r = random.Random(419)
    out, conn = [], 10
    host = "cdn.example.org"
    for t in arrivals(r, T0 + td(minutes=30), 300, 3):
        conn += 1
        out.append("%s [error] 90#90: recv() failed (111: Connection refused) while resolving, resolver: 10.0.0.2:53" % t.strftime("%Y/%m/%d %H:%M:%S"))
        out.append("%s [error] 90#90: *%d origin.internal could not be resolved (110: Operation timed out), client: %s, server: %s, request: \"GET / HTTP/1.1\", host: \"%s\"" % (t.strftime("%Y/%m/%d %H:%M:%S"), conn, ip(r), host, host))
    for t in arrivals(r, T0, 3600, 0.02):
        out.append("%s [notice] 90#90: signal process started" % t.strftime("%Y/%m/%d %H:%M:%S"))
    out.sort()
    save("ng-resolver-down", "error.log", out)
    expect("ng-resolver-down", "DNS_FAILURE")


# 20. ALB: a target group's targets reset connections at once for 3 minutes, rest fine (app crash loop).
def alb_crash():
    r = random.Random(420)
    tgts = ["10.18.0.%d:3000" % i for i in (5, 6, 7, 8)]
    bad = window(9, 12)
    lines = []
    for t in arrivals(r, T0, 1800, 10):
        g = r.choice(tgts)
        if bad(t):
            lines.append(alb(t, r, g, "-1", "-1", "-1", 502, "-", r.choice(URIS), tg="api-v2"))
        else:
            y = r.lognormvariate(0, 0.3) * 0.04
            lines.append(alb(t, r, g, "0.000", "%.3f" % y, "0.000", 200, "200", r.choice(URIS), tg="api-v2"))
    save("alb-crash", "210987654321_elasticloadbalancing_eu-west-1_app.api.log", lines, gz=True)
    expect("alb-crash", "UPSTREAM_DOWN")


if not os.environ.get("GEN4_IMPORT_ONLY"):  # gen5.py borrows the writers
    for fn in [ng_all_refused, ng_connect_timeout, ng_dns_servfail, ng_tls_name, ng_tls_version, ng_gunicorn_overload,
               ng_keepalive_reset, ng_nofile, ng_invalid_header, ng_access_only_refused, ingress_rollout, ng_busy_healthy,
               hap_one_down, hap_saturated, elb_all_down, alb_overload, ng_ws_upgrade, ng_selinux, ng_resolver_down, alb_crash]:
        fn()
    os.makedirs(OUT_BASE, exist_ok=True)
    json.dump(EXP, open(EXP_PATH, "w"), indent=1)
    print(len(EXP), "scenarios")
