"""Part of bench/diagnosis.sh: more probes apart from the samples' generator (see gen4.py): two
services failing differently in one log, a keep-alive race at a higher rate, Vector envelopes around
HAProxy, a slow endpoint, classic ELB keep-alive resets, ingress-nginx with an ExternalName that no
longer resolves, HAProxy WebSockets cut by `timeout tunnel`. Adds to bench-data/scenarios."""
import json, os, random
from datetime import timedelta
import importlib.util

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("g4", os.path.join(HERE, "gen4.py"))
# gen4 writes its own scenarios when loaded; these reuse its line writers only.
os.environ["GEN4_IMPORT_ONLY"] = "1"
g4 = importlib.util.module_from_spec(spec)
spec.loader.exec_module(g4)
OUT = os.path.join(g4.OUT_BASE, "out5")
g4.OUT = OUT
T0, td, Tries, ok, err_line, ip = g4.T0, g4.td, g4.Tries, g4.ok, g4.err_line, g4.ip
one_error = g4.one_error


# 1. One nginx, two virtual hosts: shop's upstream refuses for 5 minutes, auth's name stops resolving
# 20 minutes later. Two incidents, each with its own cause.
def ng_two_services():
    r = random.Random(501)
    acc, err, conn = [], [], 1
    shop, auth = ["10.1.0.5:8080", "10.1.0.6:8080"], ["10.2.0.5:9000"]
    for t in g4.arrivals(r, T0, 3600, 10):
        conn += 1
        c, u = ip(r), r.choice(g4.URIS)
        m = "GET"
        if r.random() < 0.6:
            host = "shop.example.org"
            if g4.window(10, 15)(t):
                ts = [(p, 502, "-", "-", "0.000") for p in shop]
                acc.append(g4.kv_line(r, t, c, m, u, 502, 0.001, Tries(*ts), host))
                err.extend(err_line(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, m, u, "http://%s%s" % (p, u)) for p in shop)
                continue
            x = ok(r, r.choice(shop))
        else:
            host = "auth.example.org"
            if g4.window(35, 41)(t):
                acc.append(g4.kv_line(r, t, c, m, u, 502, 0.0, Tries(("-", "-", "-", "-", "-")), host))
                err.append("%s [error] 31337#31337: *%d auth-svc.prod.internal could not be resolved (3: Host not found), client: %s, server: %s, request: \"%s %s HTTP/1.1\", host: \"%s\"" % (t.strftime("%Y/%m/%d %H:%M:%S"), conn, c, host, m, u, host))
                continue
            x = ok(r, auth[0])
        acc.append(g4.kv_line(r, t, c, m, u, 200, float(x[4]), Tries(x), host))
    g4.save("ng-two-services", "access.log", acc)
    g4.save("ng-two-services", "error.log", err)
    g4.EXP["ng-two-services"] = {"cause": "UPSTREAM_DOWN", "targets": None, "all": {"shop.example.org": "UPSTREAM_DOWN", "auth.example.org": "DNS_FAILURE"}}


# 2. Keep-alive race at 1.5 % of requests for two hours, evenly over four peers.
def ng_keepalive_dense():
    host, peers = "api.example.net", ["10.3.0.%d:8000" % i for i in (1, 2, 3, 4)]
    f = one_error(host, peers, lambda t: True, 502, 0.002, ("0.000", "-", "0.001"), "error",
                  "upstream prematurely closed connection", "reading response header from upstream",
                  keep=lambda r, u: r.random() <= 0.015)
    g4.nginx("ng-keepalive-dense", host, peers, 7200, 6, f, g4.bare_line, seed=502)
    g4.expect("ng-keepalive-dense", "KEEPALIVE_RACE")


# 3. Vector envelopes around HAProxy lines: one server's port closes (SC--), checks take it down.
def vector_haproxy():
    r = random.Random(503)
    srvs = ["s1", "s2"]
    down = (T0 + td(minutes=12), T0 + td(minutes=20))
    lines = []
    checked = False
    for t in g4.arrivals(r, T0, 1800, 8):
        s = r.choice(srvs)
        if down[0] <= t < down[1] and s == "s2":
            if t < down[0] + td(seconds=4):
                raw = g4.hap(t, r, "be_api", "s2", "0/0/-1/-1/1", 503, "SC--")
            else:
                if not checked:
                    checked = True
                    n = g4.hap_notice(t, 'Server be_api/s2 is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.')
                    lines.append(json.dumps({"message": n, "file": "/var/log/haproxy.log", "host": "lb-2", "source_type": "file", "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}))
                x = int(r.lognormvariate(0, 0.3) * 30)
                raw = g4.hap(t, r, "be_api", "s1", "0/0/0/%d/%d" % (x, x + 1), 200, "----")
        else:
            x = int(r.lognormvariate(0, 0.3) * 30)
            raw = g4.hap(t, r, "be_api", s, "0/0/0/%d/%d" % (x, x + 1), 200, "----")
        lines.append(json.dumps({"message": raw, "file": "/var/log/haproxy.log", "host": "lb-2", "source_type": "file", "timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}))
    g4.save("vector-haproxy", "vector.ndjson", lines)
    g4.expect("vector-haproxy", "UPSTREAM_DOWN")


# 4. One report endpoint starts timing out (a slow query): 504s after proxy_read_timeout 60 s, and
# slow 200s on it; the rest of the service is fine, traffic is steady.
def ng_slow_endpoint():
    host, peers = "reports.example.org", ["10.4.0.2:8080", "10.4.0.3:8080"]
    bad = g4.window(30, 45)
    def f(r, t, c, m, u, cn):
        if not bad(t) or u != "/v1/search?term=a%20b":
            return None
        p = r.choice(peers)
        if r.random() < 0.6:
            return 504, 60.001, Tries((p, 504, "0.001", "-", "60.000")), [err_line(t, "error", cn, "upstream timed out (110: Connection timed out)", "reading response header from upstream", c, host, m, u, "http://%s%s" % (p, u))]
        y = r.uniform(20, 59)
        return 200, y, Tries((p, 200, "0.001", "%.3f" % y, "%.3f" % y)), []
    g4.nginx("ng-slow-endpoint", host, peers, 3600, 8, f, g4.kv_line, seed=504)
    g4.expect("ng-slow-endpoint", "UPSTREAM_OVERLOAD")


# 5. Classic ELB in front of Apache with KeepAliveTimeout 5 s, below the ELB idle timeout 60 s:
# a few 502s an hour over three hours, backend "-1" timings, spread over instances.
def elb_keepalive():
    r = random.Random(505)
    bes = ["10.5.0.%d:80" % i for i in (10, 11, 12)]
    lines = []
    for t in g4.arrivals(r, T0, 3 * 3600, 5):
        be = r.choice(bes)
        if r.random() < 0.002:
            lines.append(g4.elb(t, r, be, "0.000042", "-1", "-1", 502, "-", r.choice(g4.URIS)))
        else:
            x = r.lognormvariate(0, 0.3) * 0.05
            lines.append(g4.elb(t, r, be, "0.000038", "%.6f" % x, "0.000021", 200, "200", r.choice(g4.URIS)))
    g4.save("elb-keepalive", "elb.log", lines)
    g4.expect("elb-keepalive", "KEEPALIVE_RACE")


# 6. kubectl logs of ingress-nginx: an ExternalName service's DNS name is deleted.
def ingress_dns():
    r = random.Random(506)
    svc = "billing-ext-443"
    bad = g4.window(15, 22)
    out, conn = [], 1
    for t in g4.arrivals(r, T0, 2400, 6):
        conn += 1
        c, u = ip(r), r.choice(g4.URIS)
        if bad(t):
            out.append("%s [error] 38#38: *%d [lua] balancer.lua:348: balance(): error while setting current upstream peer to , client: %s, server: billing.example.org, request: \"GET %s HTTP/1.1\", host: \"billing.example.org\"" % (t.strftime("%Y/%m/%d %H:%M:%S"), conn, c, u))
            out.append("%s [error] 38#38: *%d billing.partner.example could not be resolved (3: Host not found), client: %s, server: billing.example.org, request: \"GET %s HTTP/1.1\", host: \"billing.example.org\"" % (t.strftime("%Y/%m/%d %H:%M:%S"), conn, c, u))
            out.append('%s - - [%s] "GET %s HTTP/1.1" 502 150 "-" "%s" 412 0.000 [%s] [] - - - - %032x' % (c, g4.tlocal(t), u, r.choice(g4.AGENTS), svc, r.getrandbits(128)))
        else:
            x = r.lognormvariate(0, 0.3) * 0.08
            out.append('%s - - [%s] "GET %s HTTP/1.1" 200 900 "-" "%s" 412 %.3f [%s] [] 52.10.3.4:443 900 %.3f 200 %032x' % (c, g4.tlocal(t), u, r.choice(g4.AGENTS), x, svc, x, r.getrandbits(128)))
    g4.save("ingress-dns", "controller.log", out)
    g4.expect("ingress-dns", "DNS_FAILURE")


# 7. nginx error log only, one peer unreachable (113) for ten minutes while the other answers.
def ng_error_only_unreachable():
    r = random.Random(507)
    host, peers = "files.example.org", ["10.6.0.8:9000", "10.6.0.9:9000"]
    out, conn = [], 1
    for t in g4.arrivals(r, T0 + td(minutes=20), 600, 4):
        conn += 1
        c, u = ip(r), r.choice(g4.URIS)
        out.append(err_line(t, "error", conn, "connect() failed (113: No route to host)", "connecting to upstream", c, host, "GET", u, "http://%s%s" % (peers[0], u)))
    for t in g4.arrivals(r, T0, 3600, 0.05):
        out.append("%s [notice] 31337#31337: signal process started" % t.strftime("%Y/%m/%d %H:%M:%S"))
    out.sort()
    g4.save("ng-error-only-unreachable", "error.log", out)
    g4.expect("ng-error-only-unreachable", "NETWORK")


# 8. nginx upstream answered 502 itself (an app-level gateway behind nginx returns 502 with headers):
# upstream header time measured, upstream_status 502, no error-log line. Not nginx's making.
def ng_upstream_own_502():
    host, peers = "gw.example.org", ["10.7.0.2:8080", "10.7.0.3:8080"]
    bad = g4.window(20, 28)
    def f(r, t, c, m, u, cn):
        if not bad(t) or r.random() > 0.5:
            return None
        p = r.choice(peers)
        return 502, 0.012, Tries((p, 502, "0.001", "0.011", "0.012")), []
    g4.nginx("ng-upstream-own-502", host, peers, 2400, 6, f, g4.kv_line, seed=508, errs=None)
    g4.expect("ng-upstream-own-502", "UNKNOWN")


# 9. Classic ELB in front of a service whose database slows down: latency climbs twentyfold at
# steady traffic and requests hit the ELB's idle timeout (504, backend -1).
def elb_slow_backend():
    r = random.Random(509)
    bes = ["10.8.0.%d:8080" % i for i in (4, 5)]
    bad = g4.window(40, 55)
    lines = []
    for t in g4.arrivals(r, T0, 4200, 6):
        be = r.choice(bes)
        if bad(t) and r.random() < 0.2:
            lines.append(g4.elb(t, r, be, "0.000040", "-1", "-1", 504, "-", r.choice(g4.URIS)))
        else:
            x = r.lognormvariate(0, 0.4) * (12.0 if bad(t) else 0.08)
            lines.append(g4.elb(t, r, be, "0.000038", "%.6f" % x, "0.000021", 200, "200", r.choice(g4.URIS)))
    g4.save("elb-slow-backend", "elb.log", lines)
    g4.expect("elb-slow-backend", "UPSTREAM_OVERLOAD")


# 10. ALB, busy but healthy: traffic quadruples for half an hour, latency up a little, a handful of
# scattered 502s and 504s over two hours. No incident.
def alb_busy_healthy():
    r = random.Random(510)
    tgts = ["10.9.0.%d:8080" % i for i in (1, 2, 3, 4)]
    busy = g4.window(40, 70)
    lines = []
    n = 0
    for t in g4.arrivals(r, T0, 7200, lambda t: 40.0 if busy(t) else 10.0):
        n += 1
        g = r.choice(tgts)
        if n % 25013 == 0:
            lines.append(g4.alb(t, r, g, "0.000", "-1", "-1", 502, "-", r.choice(g4.URIS), took=0.002))
        elif n % 31019 == 0:
            lines.append(g4.alb(t, r, g, "0.000", "-1", "-1", 504, "-", r.choice(g4.URIS), took=60.0))
        else:
            y = r.lognormvariate(0, 0.3) * (0.09 if busy(t) else 0.06)
            lines.append(g4.alb(t, r, g, "0.000", "%.3f" % y, "0.000", 200, "200", r.choice(g4.URIS)))
    g4.save("alb-busy-healthy", "210987654321_elasticloadbalancing_eu-west-1_app.busy.log", lines, gz=True)
    g4.expect("alb-busy-healthy", None)


# 11. HAProxy, busy but healthy: a flash crowd queues a little (Tw, sq/bq) and is served; three
# scattered SH-- 502s over two hours. No incident.
def hap_busy_healthy():
    r = random.Random(511)
    srvs = ["b1", "b2", "b3"]
    busy = g4.window(50, 65)
    lines = []
    n = 0
    for t in g4.arrivals(r, T0, 7200, lambda t: 45.0 if busy(t) else 12.0):
        n += 1
        s = r.choice(srvs)
        if n % 40009 == 0:
            lines.append(g4.hap(t, r, "be_www", s, "0/0/1/-1/15", 502, "SH--"))
            continue
        tw = r.randint(0, 40) if busy(t) else 0
        y = int(r.lognormvariate(0, 0.3) * (70 if busy(t) else 50))
        lines.append(g4.hap(t, r, "be_www", s, "0/%d/1/%d/%d" % (tw, y, tw + y + 2), 200, "----", sq="%d/%d" % ((3, 5) if busy(t) else (0, 0))))
    g4.save("hap-busy-healthy", "haproxy.log", lines)
    g4.expect("hap-busy-healthy", None)


# 12. ALB in front of a chat service: after a deploy the targets stop upgrading WebSocket
# connections (wss, 502 from the balancer), while ordinary HTTPS requests stay fine.
def alb_websocket():
    r = random.Random(512)
    tgts = ["10.10.0.%d:9000" % i for i in (1, 2)]
    bad = lambda t: t >= T0 + td(minutes=25)
    lines = []
    for t in g4.arrivals(r, T0, 2700, 6):
        g = r.choice(tgts)
        if r.random() < 0.3:
            if bad(t):
                lines.append(g4.alb(t, r, g, "0.000", "-1", "-1", 502, "-", "/socket", typ="wss", took=0.004))
            else:
                d = r.uniform(5, 600)
                lines.append(g4.alb(t, r, g, "0.000", "0.002", "0.000", 101, "101", "/socket", typ="wss", took=d))
        else:
            y = r.lognormvariate(0, 0.3) * 0.05
            lines.append(g4.alb(t, r, g, "0.000", "%.3f" % y, "0.000", 200, "200", r.choice(g4.URIS)))
    g4.save("alb-websocket", "210987654321_elasticloadbalancing_eu-west-1_app.chat.log", lines, gz=True)
    g4.expect("alb-websocket", "WEBSOCKET_UPGRADE")


# 13. A firewall drops SYNs to one of two peers while clients retry: traffic doubles in the window,
# connects time out after 5 s (504), and the answered requests stay as fast as before.
def ng_network_retry_storm():
    host, peers = "orders.example.net", ["10.11.0.5:8080", "10.11.0.6:8080"]
    bad = g4.window(20, 32)
    f = one_error(host, peers[:1], bad, 504, 5.002, ("-", "-", "5.001"), "error",
                  "upstream timed out (110: Connection timed out)", "connecting to upstream",
                  keep=lambda r, u: r.random() >= 0.5)
    g4.nginx("ng-network-retry-storm", host, peers, 3000, lambda t: 16.0 if bad(t) else 8.0, f, g4.kv_line, seed=513)
    g4.expect("ng-network-retry-storm", "NETWORK")


for fn in [ng_two_services, ng_keepalive_dense, vector_haproxy, ng_slow_endpoint, elb_keepalive, ingress_dns,
           ng_error_only_unreachable, ng_upstream_own_502, elb_slow_backend,
           alb_busy_healthy, hap_busy_healthy, alb_websocket, ng_network_retry_storm]:
    fn()
json.dump(g4.EXP, open(g4.EXP_PATH, "w"), indent=1)
print(len(g4.EXP), "scenarios")
