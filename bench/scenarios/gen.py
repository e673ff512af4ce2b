"""Part of bench/diagnosis.sh: writes realistic scenarios (with their expected top cause) that the
sample scenarios do not cover, into bench-data/scenarios. Not run by the tests: the files are large."""
import os
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_BASE = os.path.join(ROOT, "bench-data", "scenarios")
import importlib.util, random, json, sys, os
from datetime import timedelta
spec = importlib.util.spec_from_file_location("g", os.path.join(ROOT, "sample-logs", "generate.py"))
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
g.HERE = os.path.join(OUT_BASE, "out")
T0 = g.T0
td = lambda **k: timedelta(**k)
EXP = {}
def exp(name, cause, targets=None):
    EXP[name] = {"cause": cause, "targets": targets}

def hap_health(t, msg):
    return "%s lb1 haproxy[2211]: %s" % (t.strftime("%b %d %H:%M:%S"), msg)

def haproxy_down():
    r = random.Random(101); servers = ["web1", "web2", "web3"]; lines = []
    down = (T0 + td(minutes=20), T0 + td(minutes=26))
    for s in servers:
        lines.append((down[0] - td(seconds=servers.index(s)), hap_health(down[0] - td(seconds=3 - servers.index(s)), 'Server be_web/%s is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. %d active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.' % (s, 2 - servers.index(s)))))
    lines.append((down[0], hap_health(down[0], "backend be_web has no server available!")))
    for t in g.traffic(r, T0, 2400, 8):
        s = r.choice(servers)
        if down[0] <= t < down[1]:
            lines.append((t, g.haproxy_line(t, "<NOSRV>", "0/-1/-1/-1/0", 503, "SC--", be="be_web")))
        elif down[0] - td(seconds=20) <= t < down[0]:
            lines.append((t, g.haproxy_line(t, s, "0/0/-1/-1/3002", 503, "SC--", be="be_web")))
        else:
            x = int(r.lognormvariate(0, 0.3) * 40)
            lines.append((t, g.haproxy_line(t, s, "0/0/0/%d/%d" % (x, x + 1), 200, "----", be="be_web")))
    lines.sort(key=lambda x: x[0])
    g.write("haproxy-down", "haproxy.log", [l for _, l in lines], gz=False)
    exp("haproxy-down", "UPSTREAM_DOWN")

def haproxy_bad_response():
    r = random.Random(102); servers = ["app1", "app2"]; lines = []
    bad = (T0 + td(minutes=7), T0 + td(minutes=12))
    for t in g.traffic(r, T0, 1800, 6):
        s = r.choice(servers); x = int(r.lognormvariate(0, 0.3) * 25)
        if bad[0] <= t < bad[1] and s == "app2" and r.random() < 0.6:
            lines.append(g.haproxy_line(t, s, "0/0/1/%d/%d" % (x, x + 1), 502, "PH--", be="be_app"))
        else:
            lines.append(g.haproxy_line(t, s, "0/0/1/%d/%d" % (x, x + 1), 200, "----", be="be_app"))
    g.write("haproxy-bad-response", "haproxy.log", lines, gz=False)
    exp("haproxy-bad-response", "BAD_UPSTREAM_RESPONSE", ["app2"])

def haproxy_overload():
    r = random.Random(103); servers = ["api1", "api2", "api3", "api4"]; lines = []
    peak = (T0 + td(minutes=15), T0 + td(minutes=21))
    for t in g.traffic(r, T0, 2400, 0, lambda t: 45.0 if peak[0] <= t < peak[1] else 9.0):
        s = r.choice(servers)
        if peak[0] <= t < peak[1]:
            depth = int((t - peak[0]).total_seconds())
            tw = min(2900, 40 * depth) + r.randint(0, 200)
            q = "%d/%d" % (min(200, depth * 3), min(250, depth * 4))
            u = r.random()
            if u < 0.15:
                lines.append(g.haproxy_line(t, s, "0/%d/1/-1/%d" % (tw, tw + 30001), 504, "sH--", be="be_api", sq=q, conns="480/480/400/100/0"))
            elif u < 0.25:
                lines.append(g.haproxy_line(t, s, "0/%d/1/-1/%d" % (tw, tw + 8000 + r.randint(0, 9000)), 502, "SH--", be="be_api", sq=q, conns="480/480/400/100/0"))
            elif u < 0.3:
                lines.append(g.haproxy_line(t, "<NOSRV>", "0/%d/-1/-1/%d" % (tw, tw), 503, "sQ--", be="be_api", sq=q, conns="480/480/400/100/0"))
            else:
                x = int(r.lognormvariate(0, 0.4) * 900)
                lines.append(g.haproxy_line(t, s, "0/%d/1/%d/%d" % (tw, x, tw + x + 1), 200, "----", be="be_api", sq=q, conns="480/480/400/100/0"))
        else:
            x = int(r.lognormvariate(0, 0.3) * 60)
            lines.append(g.haproxy_line(t, s, "0/0/1/%d/%d" % (x, x + 1), 200, "----", be="be_api"))
    g.write("haproxy-overload", "haproxy.log", lines, gz=False)
    exp("haproxy-overload", "UPSTREAM_OVERLOAD")

def rare_failures(name, file, seed, peers, rate, share, failed, healthy, gz):
    """Four hours of traffic where a request fails now and then on any peer: failed(r, t, peer) or
    healthy(r, t, peer) gives each line."""
    r = random.Random(seed); lines = []
    for t in g.traffic(r, T0, 4 * 3600, rate):
        peer = r.choice(peers)
        lines.append(failed(r, t, peer) if r.random() < share else healthy(r, t, peer))
    g.write(name, file, lines, gz=gz)
    exp(name, "KEEPALIVE_RACE")

def haproxy_keepalive():
    def healthy(r, t, s):
        x = int(r.lognormvariate(0, 0.3) * 30)
        return g.haproxy_line(t, s, "0/0/0/%d/%d" % (x, x + 1), 200, "----", be="be_node")
    rare_failures("haproxy-keepalive", "haproxy.log", 104, ["n1", "n2", "n3"], 12, 0.0006,
                  lambda r, t, s: g.haproxy_line(t, s, "0/0/0/-1/%d" % r.randint(0, 2), 502, "SH--", be="be_node"),
                  healthy, gz=False)

def alb_keepalive():
    def alb(r, t, target, tpt, rspt, status, tstatus):
        return g.alb_line(t, target, "0.000", tpt, rspt, status, tstatus, r.choice(g.PATHS), tg="web-tg", host="web.example.com")
    rare_failures("alb-keepalive", "123456789012_elasticloadbalancing_eu-west-1_app.web.log.gz", 105,
                  ["10.1.4.%d:3000" % i for i in (21, 22, 23, 24)], 9, 0.0008,
                  lambda r, t, tg: alb(r, t, tg, "0.002", "-1", 502, "-"),
                  lambda r, t, tg: alb(r, t, tg, "%.3f" % (r.lognormvariate(0, 0.3) * 0.08), "0.000", 200, "200"),
                  gz=True)

def alb_lambda():
    r = random.Random(106); lines = []
    bad = (T0 + td(minutes=30), T0 + td(minutes=38))
    for t in g.traffic(r, T0, 3600, 4):
        path = "/fn/" + r.choice(["quote", "price", "stock"])
        if bad[0] <= t < bad[1] and r.random() < 0.7:
            lines.append(g.alb_line(t, "-", "0.001", "0.145", "-1", 502, "-", path, tg="fn-tg", reason="LambdaInvalidResponse", host="fn.example.com").replace(' "forward" ', ' "forward" '))
        else:
            lines.append(g.alb_line(t, "-", "0.001", "%.3f" % (r.random() * 0.2 + 0.05), "0.000", 200, "200", path, tg="fn-tg", host="fn.example.com"))
    g.write("alb-lambda", "123456789012_elasticloadbalancing_us-east-1_app.fn.log.gz", lines, gz=True)
    exp("alb-lambda", "BAD_UPSTREAM_RESPONSE")

NG_PATHS = ["/v2/checkout", "/v2/cart", "/v2/items/17", "/v2/items", "/status"]

def nginx_scn(name, host, peers, seconds, rate, bad, failure, rate_fn=None, seed=1, keep_errs=True):
    """failure(r, t, c, method, path, conn) -> (access_line or None, [error lines]) during bad window, else None"""
    r = random.Random(seed); access, errors, conn = [], [], 50000
    for t in g.traffic(r, T0, seconds, rate, rate_fn):
        conn += 1; c = g.client(r); path = r.choice(NG_PATHS); method = r.choice(["GET", "GET", "GET", "POST"])
        res = failure(r, t, c, method, path, conn) if bad(t) else None
        if res:
            a, e = res; access.append(a); errors.extend(e)
        else:
            access.append(g.nginx_upstream_line(t, c, method, path, 200, 0.05, [g.ok_try(r, r.choice(peers), 0.04)], host, conn))
    g.write(name, "access.log", access, gz=False)
    if errors: g.write(name, "error.log", errors, gz=False)

def ngx_err(t, level, conn, msg, phase, c, host, method, path, up):
    return g.nginx_error(t, level, conn, msg, phase, c, host, method, path, up)

def nginx_network():
    host, peers = "pay.example.net", ["10.0.5.3:80", "10.0.5.4:80", "10.0.5.5:80"]
    win = (T0 + td(minutes=31), T0 + td(minutes=37))
    def f(r, t, c, m, p, cn):
        peer = r.choice(peers)
        if peer != peers[0]: return None
        err = ngx_err(t, "error", cn, "connect() failed (113: No route to host)", "connecting to upstream", c, host, m, p, "http://%s%s" % (peer, p))
        if m == "POST":
            return g.nginx_upstream_line(t, c, m, p, 502, 3.004, [(peer, 502, "-", "-", "3.003")], host, cn), [err]
        alt = r.choice(peers[1:])
        return g.nginx_upstream_line(t, c, m, p, 200, 3.05, [(peer, 502, "-", "-", "3.003"), g.ok_try(r, alt, 0.04)], host, cn), [err]
    nginx_scn("nginx-network", host, peers, 3600, 6, lambda t: win[0] <= t < win[1], f, seed=201)
    exp("nginx-network", "NETWORK", [peers[0]])

def nginx_proxy_limits():
    host, peers = "img.example.org", ["10.0.9.%d:8080" % i for i in range(1, 5)]
    win = (T0 + td(minutes=12), T0 + td(minutes=19))
    def f(r, t, c, m, p, cn):
        if r.random() > 0.35: return None
        peer = r.choice(peers)
        return (g.nginx_upstream_line(t, c, m, p, 502, 0.0, [(peer, 502, "-", "-", "0.000")], host, cn),
                [ngx_err(t, "crit", cn, "connect() to %s failed (99: Cannot assign requested address)" % peer, "connecting to upstream", c, host, m, p, "http://%s%s" % (peer, p))])
    nginx_scn("nginx-proxy-limits-2", host, peers, 1800, 0, lambda t: win[0] <= t < win[1], f, rate_fn=lambda t: 60.0 if win[0] - td(minutes=2) <= t < win[1] else 15.0, seed=202)
    exp("nginx-proxy-limits-2", "PROXY_LIMITS")

def nginx_php_overload():
    host, peers = "blog.example.com", ["unix:/run/php/php8.2-fpm.sock"]
    win = (T0 + td(minutes=20), T0 + td(minutes=26))
    def f(r, t, c, m, p, cn):
        if r.random() > 0.4:
            x = r.lognormvariate(0, 0.5) * 2.5
            return g.nginx_upstream_line(t, c, m, p, 200, x, [(peers[0], 200, "0.000", "%.3f" % x, "%.3f" % x)], host, cn), []
        return (g.nginx_upstream_line(t, c, m, p, 502, 0.0, [(peers[0], 502, "-", "-", "0.000")], host, cn),
                [ngx_err(t, "error", cn, "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable)", "connecting to upstream", c, host, m, p, "fastcgi://unix:/run/php/php8.2-fpm.sock:")])
    nginx_scn("nginx-php-overload", host, peers, 2400, 0, lambda t: win[0] <= t < win[1], f, rate_fn=lambda t: 70.0 if win[0] <= t < win[1] else 12.0, seed=203)
    exp("nginx-php-overload", "UPSTREAM_OVERLOAD")

def nginx_big_header():
    host, peers = "sso.example.com", ["10.2.0.7:9000", "10.2.0.8:9000"]
    win = (T0 + td(minutes=40), T0 + td(minutes=52))
    def f(r, t, c, m, p, cn):
        if p != "/v2/checkout": return None
        peer = r.choice(peers)
        return (g.nginx_upstream_line(t, c, m, p, 502, 0.012, [(peer, 502, "0.001", "-", "0.011")], host, cn),
                [ngx_err(t, "error", cn, "upstream sent too big header", "reading response header from upstream", c, host, m, p, "http://%s%s" % (peer, p))])
    nginx_scn("nginx-big-header", host, peers, 3600, 5, lambda t: win[0] <= t < win[1], f, seed=204)
    exp("nginx-big-header", "BAD_UPSTREAM_RESPONSE")

def nginx_tls_sni():
    host, peers = "billing.corp.example", ["10.0.12.5:8443"]
    win = (T0 + td(minutes=5), T0 + td(minutes=14))
    def f(r, t, c, m, p, cn):
        return (g.nginx_upstream_line(t, c, m, p, 502, 0.004, [(peers[0], 502, "-", "-", "0.004")], host, cn),
                [ngx_err(t, "error", cn, "SSL_do_handshake() failed (SSL: error:0A000410:SSL routines::sslv3 alert handshake failure:SSL alert number 40)", "SSL handshaking to upstream", c, host, m, p, "https://%s%s" % (peers[0], p))])
    nginx_scn("nginx-tls-sni", host, peers, 1500, 3, lambda t: win[0] <= t < win[1], f, seed=205)
    exp("nginx-tls-sni", "TLS_FAILURE")

def nginx_dns_timeout():
    host, peers = "search.example.io", ["10.4.1.9:9200"]
    win = (T0 + td(minutes=22), T0 + td(minutes=25))
    def f(r, t, c, m, p, cn):
        return (g.nginx_upstream_line(t, c, m, p, 502, 30.0, [("-", "-", "-", "-", "-")], host, cn).replace('us="-"', 'us="-"'),
                [ngx_err(t, "error", cn, "search-backend.internal could not be resolved (110: Operation timed out)", None, c, host, m, p, None)])
    nginx_scn("nginx-dns-timeout", host, peers, 2400, 4, lambda t: win[0] <= t < win[1], f, seed=206)
    exp("nginx-dns-timeout", "DNS_FAILURE")

def nginx_restart():
    host, peers = "api.shop.example", ["10.3.0.%d:8080" % i for i in (11, 12, 13, 14)]
    start = T0 + td(minutes=10)
    def bad(t): return start <= t < start + td(seconds=4 * 75)
    def f(r, t, c, m, p, cn):
        k = int((t - start).total_seconds() // 75)
        if (t - start).total_seconds() % 75 > 35: return None
        peer = peers[k]
        if r.random() > 1.0 / len(peers) * 1.0: return None
        err = ngx_err(t, "error", cn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, m, p, "http://%s%s" % (peer, p))
        if m == "POST":
            return g.nginx_upstream_line(t, c, m, p, 502, 0.001, [(peer, 502, "-", "-", "0.000")], host, cn), [err]
        alt = r.choice([x for x in peers if x != peer])
        return g.nginx_upstream_line(t, c, m, p, 200, 0.05, [(peer, 502, "-", "-", "0.000"), g.ok_try(r, alt)], host, cn), [err]
    nginx_scn("nginx-restart-2", host, peers, 1800, 20, bad, f, seed=207)
    exp("nginx-restart-2", "UPSTREAM_RESTART")

def nginx_scattered():
    host, peers = "www.example.com", ["10.0.0.%d:80" % i for i in (5, 6)]
    bad_at = {T0 + td(minutes=m) for m in (4, 33, 71)}
    state = {"n": 0}
    def f(r, t, c, m, p, cn):
        state["n"] += 1
        if state["n"] % 20000 != 7: return None
        peer = r.choice(peers)
        return (g.nginx_upstream_line(t, c, m, p, 502, 0.2, [(peer, 502, "0.001", "-", "0.2")], host, cn),
                [ngx_err(t, "error", cn, "upstream prematurely closed connection", "reading response header from upstream", c, host, m, p, "http://%s%s" % (peer, p))])
    nginx_scn("nginx-scattered", host, peers, 5400, 0, lambda t: True, f, rate_fn=lambda t: 40.0 if 1800 <= (t - T0).total_seconds() < 2700 else 10.0, seed=208)
    exp("nginx-scattered", None)

for fn in [haproxy_down, haproxy_bad_response, haproxy_overload, haproxy_keepalive, alb_keepalive, alb_lambda, nginx_network, nginx_proxy_limits, nginx_php_overload, nginx_big_header, nginx_tls_sni, nginx_dns_timeout, nginx_restart, nginx_scattered]:
    fn()
os.makedirs(OUT_BASE, exist_ok=True)
json.dump(EXP, open(os.path.join(OUT_BASE, "expect.json"), "w"), indent=1)
print(len(EXP), "scenarios")
