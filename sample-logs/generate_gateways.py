#!/usr/bin/env python3
"""Envoy (and Istio), Traefik and Caddy scenarios, in the formats those gateways write
(shared/UPSTREAM-EVIDENCE.md section 3). Run through generate.py (which calls scenarios()).
"""
import json
import random
from datetime import timedelta

from generate import T0, UAS, client, expect, traffic, write

PATHS = ["/api/v1/orders", "/api/v1/cart", "/api/v1/users/me", "/api/v1/search?q=shoes", "/healthz"]


def iso_ms(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)


def envoy_default(t, method, path, code, flags, dur_ms, svc_ms, xff, authority, upstream, r):
    """Envoy's default format; t is the request's start."""
    return '[%s] "%s %s HTTP/1.1" %d %s %d %d %d %s "%s" "%s" "%s" "%s" "%s"' % (
        iso_ms(t), method, path, code, flags, 0 if method == "GET" else 312, 91 if code >= 500 else 1840, dur_ms,
        "-" if svc_ms is None else str(svc_ms), xff, UAS[r.randint(0, 3)], "%08x-%04x-4%03x-a%03x-%012x" % (
            r.getrandbits(32), r.getrandbits(16), r.getrandbits(12), r.getrandbits(12), r.getrandbits(48)), authority, upstream)


def istio(t, method, path, code, flags, details, tfr, dur_ms, svc_ms, authority, upstream, cluster, pod_ip, r):
    """Istio's default text format (1.9 on), as the client's sidecar writes its outbound requests."""
    return ('[%s] "%s %s HTTP/1.1" %d %s %s - "%s" 0 %d %d %s "-" "%s" "%08x-%04x-4%03x-a%03x-%012x" "%s" "%s" %s %s %s %s:%d - default'
            % (iso_ms(t), method, path, code, flags, details, tfr, 91 if code >= 500 else 1840, dur_ms,
               "-" if svc_ms is None else str(svc_ms), UAS[r.randint(0, 3)], r.getrandbits(32), r.getrandbits(16),
               r.getrandbits(12), r.getrandbits(12), r.getrandbits(48), authority, upstream, cluster,
               "-" if upstream == "-" else pod_ip + ":%d" % (40000 + r.randint(0, 9999)), "10.96.0.42:8080", pod_ip,
               30000 + r.randint(0, 9999)))


def scenario_envoy_upstream_down():
    """A front Envoy (default format) before two endpoints; one stops accepting connections for
    four minutes: 503 UF for its requests (the default format logs no failure reason)."""
    r = random.Random(201)
    eps = ["10.0.8.11:8080", "10.0.8.12:8080"]
    down = (T0 + timedelta(minutes=8), T0 + timedelta(minutes=12))
    lines = []
    for t in traffic(r, T0, 1200, 6):
        ep = r.choice(eps)
        m, p = r.choice(["GET", "GET", "POST"]), r.choice(PATHS)
        if down[0] <= t < down[1] and ep == eps[0]:
            lines.append(envoy_default(t, m, p, 503, "UF", r.randint(0, 2), None, client(r), "api.example.com", ep, r))
        else:
            d = int(r.lognormvariate(0, 0.4) * 25)
            lines.append(envoy_default(t, m, p, 200, "-", d + 1, d, client(r), "api.example.com", ep, r))
    write("envoy-upstream-down", "envoy-access.log", lines)
    expect("envoy-upstream-down", {"incidents": [{"service": "api.example.com", "start": "2026-03-14T09:08:00Z", "end": "2026-03-14T09:12:00Z",
                                                  "cause": "UPSTREAM_DOWN", "targets": [eps[0]]}]})


def scenario_istio_tls():
    """An Istio sidecar calling payments: after a certificate rotation the upstream's certificate no
    longer verifies. 503 UF with the TLS error in the details and the transport failure reason;
    `kubectl logs` of istio-proxy, Envoy's own lines interleaved."""
    r = random.Random(202)
    cluster = "outbound|8443||payments.shop.svc.cluster.local"
    eps = ["10.244.3.21:8443", "10.244.1.9:8443"]
    bad = T0 + timedelta(minutes=9)
    out = ['2026-03-14T09:00:00.004212Z\tinfo\tEnvoy proxy is ready']
    for t in traffic(r, T0, 1200, 4):
        ep = r.choice(eps)
        if t >= bad and t < bad + timedelta(minutes=6):
            tfr = "TLS_error:|268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end"
            out.append(istio(t, "POST", "/v1/charge", 503, "UF", "upstream_reset_before_response_started{connection_failure,TLS_error:_268435581:SSL_routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED:TLS_error_end}",
                             tfr, r.randint(3, 9), None, "payments.shop.svc.cluster.local:8443", ep, cluster, "10.244.2.17", r))
        else:
            d = int(r.lognormvariate(0, 0.3) * 40)
            out.append(istio(t, "POST", "/v1/charge", 200, "-", "via_upstream", "-", d + 2, d, "payments.shop.svc.cluster.local:8443", ep, cluster, "10.244.2.17", r))
        if r.random() < 0.005:
            out.append('%s\twarning\tenvoy config\tgRPC config: initial fetch timed out for type.googleapis.com/envoy.config.cluster.v3.Cluster' % iso_ms(t))
    write("istio-tls", "istio-proxy.log", out)
    expect("istio-tls", {"incidents": [{"service": cluster, "start": "2026-03-14T09:09:00Z", "end": "2026-03-14T09:15:00Z",
                                        "cause": "TLS_FAILURE", "targets": eps}]})


def scenario_istio_keepalive_race():
    """Istio's sidecar and a Node.js upstream whose keep-alive timeout (5 s) is shorter than the
    sidecar's idle timeout: now and then a reused connection is closed under a request (503 UC,
    connection_termination), all day, on every endpoint, at near-zero upstream time."""
    r = random.Random(203)
    cluster = "outbound|3000||catalog.shop.svc.cluster.local"
    eps = ["10.244.1.41:3000", "10.244.2.42:3000", "10.244.3.43:3000"]
    out = []
    for t in traffic(r, T0, 3600, 8):
        ep = r.choice(eps)
        if r.random() < 0.004:
            out.append(istio(t, "GET", r.choice(PATHS), 503, "UC", "upstream_reset_before_response_started{connection_termination}", "-", r.randint(0, 2), None,
                             "catalog.shop.svc.cluster.local:3000", ep, cluster, "10.244.2.50", r))
        else:
            d = int(r.lognormvariate(0, 0.3) * 15)
            out.append(istio(t, "GET", r.choice(PATHS), 200, "-", "via_upstream", "-", d + 1, d, "catalog.shop.svc.cluster.local:3000", ep, cluster, "10.244.2.50", r))
    write("istio-keepalive-race", "istio-proxy.log", out)
    expect("istio-keepalive-race", {"incidents": [{"service": cluster, "kind": "chronic", "cause": "KEEPALIVE_RACE", "start": "2026-03-14T09:00:38Z", "end": "2026-03-14T09:58:42Z", "targets": ["10.244.1.41:3000", "10.244.2.42:3000", "10.244.3.43:3000"]}]})


def traefik_clf(t, c, method, path, status, router, url, ms, n):
    return '%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" %d "%s" "%s" %dms' % (
        c, (t - timedelta(milliseconds=ms)).strftime("%d/%b/%Y:%H:%M:%S +0000"), method, path, status,
        11 if status == 502 else 1840, UAS[n % 4], n, router, url, ms)


def scenario_traefik_down():
    """Traefik (v2, CLF access log, debug log level): the whoami service's two containers; one
    crashes and stays down for three minutes. Traefik's log says why each 502 happened."""
    r = random.Random(204)
    urls = ["http://172.18.0.5:8080", "http://172.18.0.6:8080"]
    down = (T0 + timedelta(minutes=7), T0 + timedelta(minutes=10))
    acc, log, n = [], ['time="2026-03-14T09:00:00Z" level=info msg="Configuration loaded from flags."'], 100
    for t in traffic(r, T0, 900, 5):
        n += 1
        u, c, p = r.choice(urls), client(r), r.choice(PATHS)
        if down[0] <= t < down[1] and u == urls[0]:
            acc.append(traefik_clf(t, c, "GET", p, 502, "shop@docker", u, 1, n))
            log.append('time="%s" level=debug msg="\'502 Bad Gateway\' caused by: dial tcp %s: connect: connection refused"'
                       % (t.strftime("%Y-%m-%dT%H:%M:%SZ"), u[7:]))
        else:
            acc.append(traefik_clf(t, c, "GET", p, 200, "shop@docker", u, int(r.lognormvariate(0, 0.3) * 20) + 1, n))
    write("traefik-down", "access.log", acc)
    write("traefik-down", "traefik.log", log)
    expect("traefik-down", {"incidents": [{"service": "shop@docker", "start": "2026-03-14T09:07:00Z", "end": "2026-03-14T09:10:00Z",
                                           "cause": "UPSTREAM_DOWN", "targets": [urls[0][7:]]}]})


def scenario_caddy_dns():
    """Caddy (JSON logs on stdout) proxying to a container name; the container is removed in a
    redeploy and its name stops resolving on Docker's DNS for four minutes."""
    r = random.Random(205)
    bad = (T0 + timedelta(minutes=10), T0 + timedelta(minutes=14))
    out = []
    for t in traffic(r, T0, 1200, 5):
        c, p = client(r), r.choice(PATHS)
        req = {"remote_ip": c, "remote_port": str(r.randint(30000, 60000)), "client_ip": c, "proto": "HTTP/2.0", "method": "GET",
               "host": "app.example.com", "uri": p, "headers": {"User-Agent": [UAS[r.randint(0, 3)]]},
               "tls": {"resumed": False, "version": 772, "cipher_suite": 4865, "proto": "h2", "server_name": "app.example.com"}}
        ts = t.timestamp()
        if bad[0] <= t < bad[1]:
            d = 0.004 + r.random() * 0.01
            out.append(json.dumps({"level": "error", "ts": round(ts - 0.0005, 6), "logger": "http.log.error", "msg": "dial tcp: lookup backend on 127.0.0.11:53: no such host",
                                   "request": req, "duration": round(d, 9), "status": 502, "err_id": "%09x" % r.getrandbits(36),
                                   "err_trace": "reverseproxy.statusError (reverseproxy.go:1269)"}, separators=(",", ":")))
            out.append(json.dumps({"level": "error", "ts": round(ts, 6), "logger": "http.log.access", "msg": "handled request", "request": req,
                                   "bytes_read": 0, "user_id": "", "duration": round(d, 9), "size": 0, "status": 502,
                                   "resp_headers": {"Server": ["Caddy"]}}, separators=(",", ":")))
        else:
            d = r.lognormvariate(0, 0.3) * 0.03
            out.append(json.dumps({"level": "info", "ts": round(ts, 6), "logger": "http.log.access", "msg": "handled request", "request": req,
                                   "bytes_read": 0, "user_id": "", "duration": round(d, 9), "size": 1840, "status": 200,
                                   "resp_headers": {"Via": ["1.1 Caddy"], "Content-Type": ["application/json"]}}, separators=(",", ":")))
    write("caddy-dns", "caddy.log", out)
    expect("caddy-dns", {"incidents": [{"service": "app.example.com", "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:14:00Z",
                                        "cause": "DNS_FAILURE", "targets": []}]})


def scenario_envoy_busy_healthy():
    """Envoy Gateway's JSON access log through a traffic peak that it serves well, with the few
    503 UC and 504 UT any busy hour has: no incident."""
    r = random.Random(206)
    eps = ["10.244.1.61:8080", "10.244.2.62:8080", "10.244.3.63:8080"]
    out = []
    rate = lambda t: 6 if not (T0 + timedelta(minutes=8) <= t < T0 + timedelta(minutes=16)) else 24
    for t in traffic(r, T0, 1500, None, rate):
        ep = r.choice(eps)
        code, flags, d, svc = 200, "-", int(r.lognormvariate(0, 0.3) * 30), None
        if r.random() < 0.0004:
            code, flags, d = 503, "UC", 1
        elif r.random() < 0.0003:
            code, flags, d = 504, "UT", 15000
        else:
            svc = max(0, d - 1)
        rec = {"start_time": iso_ms(t), "method": "GET", "x-envoy-origin-path": r.choice(PATHS), "protocol": "HTTP/1.1",
               "response_code": code, "response_flags": flags, "response_code_details": "via_upstream" if code == 200 else ("upstream_response_timeout" if code == 504 else "upstream_reset_before_response_started{connection_termination}"),
               "connection_termination_details": None, "upstream_transport_failure_reason": None, "bytes_received": 0, "bytes_sent": 1840,
               "duration": d, "x-envoy-upstream-service-time": None if svc is None else str(svc), "x-forwarded-for": client(r), "user-agent": UAS[r.randint(0, 3)],
               "x-request-id": "%032x" % r.getrandbits(128), ":authority": "www.example.com", "upstream_host": ep,
               "upstream_cluster": "httproute/default/www/rule/0", "upstream_local_address": "10.244.0.5:%d" % r.randint(30000, 60000),
               "downstream_local_address": "10.244.0.5:10080", "downstream_remote_address": client(r) + ":%d" % r.randint(30000, 60000),
               "requested_server_name": None, "route_name": "httproute/default/www/rule/0/match/0/www_example_com"}
        out.append(json.dumps(rec, separators=(",", ":")))
    write("envoy-busy-healthy", "envoy-gateway.log", out)
    expect("envoy-busy-healthy", {"incidents": []})


def scenarios():
    scenario_envoy_upstream_down()
    scenario_istio_tls()
    scenario_istio_keepalive_race()
    scenario_traefik_down()
    scenario_caddy_dns()
    scenario_envoy_busy_healthy()


if __name__ == "__main__":
    scenarios()
