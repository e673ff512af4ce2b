#!/usr/bin/env python3
"""Upstream triggers: the gateway's 502s beside the upstream's own logs and the platform's (the
kernel's OOM killer, systemd, php-fpm, gunicorn, uWSGI, Node.js, Kubernetes events and pod status),
written the way those programs write them. Run through generate.py (which calls scenarios()).

Nothing here joins by time alone: each upstream log says who it is the way real ones do. A syslog
header's host (EC2's ip-10-0-5-11 names its address), a server's "Listening at" line, php-fpm beside
nginx on a unix socket, a pod's IP in `kubectl get pods -o json`, ingress-nginx's namespace-service-
port upstream name. Two scenarios are negatives: an OOM kill on another machine at the same time
(nearby, not the trigger) and a drained rollout (no incident at all).
"""
import json
import random
import zlib
from datetime import timedelta

from generate import (T0, PATHS, UAS, alb_line, client, clf, errtime, expect, haproxy_line, nginx_error,
                      nginx_upstream_line, ok_try, traffic, write)


def syslog(t, host, prog, msg):
    return "%s %s %s: %s" % (t.strftime("%b %e %H:%M:%S"), host, prog, msg)


def h(*parts):
    """A stable hash (Python's own is salted per run)."""
    return zlib.crc32("|".join(map(str, parts)).encode())


def uptime(t):
    """The kernel's [seconds.micros] since boot (booted 12 days before T0)."""
    return "[%12.6f]" % ((t - T0).total_seconds() + 12 * 86400 + 3811.5)


def kernel_oom(t, host, comm, pid, cgroup, rss_kb):
    k = lambda msg: syslog(t, host, "kernel", "%s %s" % (uptime(t), msg))
    return [
        k("%s invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0" % comm),
        k("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=%s,task=%s,pid=%d,uid=33" % (cgroup, comm, pid)),
        k("Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:%dkB oom_score_adj:0"
          % (pid, comm, rss_kb + 612000, rss_kb, rss_kb // 480)),
    ]


def nginx_traffic(r, seconds, rate, host, peers, failing, conn=1000, paths=PATHS):
    """Access and error lines; failing(t, method, path) returns None for a healthy request or
    (peer_tries, status, error lines builder) for a failed one."""
    access, errors = [], []
    for t in traffic(r, T0, seconds, rate):
        conn += 1
        c, path, method = client(r), r.choice(paths), r.choice(["GET", "GET", "POST"])
        f = failing(t, method, path, c, conn)
        if f is None:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.03, [ok_try(r, r.choice(peers))], host, conn))
        else:
            status, rt, tries, errs = f
            access.append(nginx_upstream_line(t, c, method, path, status, rt, tries, host, conn))
            errors.extend(errs)
    return access, errors


def scenario_vm_oom_kill():
    """One gunicorn behind nginx on an EC2 machine; the kernel's OOM killer kills its master, systemd
    restarts it after RestartSec=30 and the app takes 20 s to import: nothing listens for 55 s."""
    r = random.Random(101)
    host, peer, app = "orders.example.com", "10.0.5.11:8000", "ip-10-0-5-11"
    kill = T0 + timedelta(minutes=10, seconds=2)
    back = kill + timedelta(seconds=55)

    def failing(t, method, path, c, conn):
        if kill <= t < back:
            return 502, 0.001, [(peer, 502, "-", "-", "0.000")], [
                nginx_error(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, method, path, "http://%s%s" % (peer, path))]
        return None

    access, errors = nginx_traffic(r, 1200, 4, host, [peer], failing)
    kern = []
    for i in range(40):  # the usual noise of a kernel log
        t = T0 + timedelta(seconds=29 * i + 7)
        kern.append((t, syslog(t, app, "kernel", "%s [UFW BLOCK] IN=ens5 OUT= MAC=0a:1b:2c:3d:4e:5f SRC=198.51.100.%d DST=10.0.5.11 LEN=44 TOS=0x00 PREC=0x00 TTL=241 ID=54321 PROTO=TCP SPT=%d DPT=23 WINDOW=1024 RES=0x00 SYN URGP=0"
                    % (uptime(t), r.randint(2, 250), r.randint(1024, 65000)))))
    kern.extend((kill, x) for x in kernel_oom(kill, app, "gunicorn", 2231, "/system.slice/gunicorn.service", 3512000))
    kern = [x for _, x in sorted(kern, key=lambda e: e[0])]
    sys_ = [
        syslog(T0 + timedelta(minutes=4), app, "CRON[3011]", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"),
        syslog(kill, app, "systemd[1]", "gunicorn.service: A process of this unit has been killed by the OOM killer."),
        syslog(kill, app, "systemd[1]", "gunicorn.service: Main process exited, code=killed, status=9/KILL"),
        syslog(kill, app, "systemd[1]", "gunicorn.service: Failed with result 'oom-kill'."),
        syslog(kill, app, "systemd[1]", "gunicorn.service: Consumed 41min 12.345s CPU time."),
        syslog(kill + timedelta(seconds=30), app, "systemd[1]", "gunicorn.service: Scheduled restart job, restart counter is at 1."),
        syslog(kill + timedelta(seconds=30), app, "systemd[1]", "Stopped gunicorn.service - Gunicorn daemon for the shop."),
        syslog(kill + timedelta(seconds=30), app, "systemd[1]", "Started gunicorn.service - Gunicorn daemon for the shop."),
        syslog(T0 + timedelta(minutes=17), app, "CRON[3411]", "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"),
    ]
    boot = kill + timedelta(seconds=31)
    g = lambda t, pid, lvl, msg: "[%s +0000] [%d] [%s] %s" % (t.strftime("%Y-%m-%d %H:%M:%S"), pid, lvl, msg)
    gun = [
        g(boot, 3120, "INFO", "Starting gunicorn 21.2.0"),
        g(boot, 3120, "INFO", "Listening at: http://10.0.5.11:8000 (3120)"),
        g(boot, 3120, "INFO", "Using worker: sync"),
    ] + [g(boot + timedelta(seconds=1), 3125 + i, "INFO", "Booting worker with pid: %d" % (3125 + i)) for i in range(4)]
    write("vm-oom-kill/nginx", "access.log", access)
    write("vm-oom-kill/nginx", "error.log", errors)
    write("vm-oom-kill/app-1", "kern.log", kern)
    write("vm-oom-kill/app-1", "syslog", sys_)
    write("vm-oom-kill/app-1", "gunicorn-error.log", gun)
    expect("vm-oom-kill", {"incidents": [{"service": host, "start": "2026-03-14T09:10:02Z", "end": "2026-03-14T09:10:57Z",
                                          "cause": "UPSTREAM_DOWN", "trigger": "OOM_KILL", "targets": [peer]}]})


def scenario_vm_oom_elsewhere():
    """The same kind of outage, while the OOM killer kills postgres on another machine: nearby, but
    nothing joins it to the web peers, so it is no trigger."""
    r = random.Random(102)
    host, peers = "catalog.example.com", ["10.0.3.41:8080", "10.0.3.42:8080"]
    down, up = T0 + timedelta(minutes=10), T0 + timedelta(minutes=13)

    def failing(t, method, path, c, conn):
        if down <= t < up:
            return 502, 0.001, [(p, 502, "-", "-", "0.000") for p in peers], [
                nginx_error(t, "error", conn, "connect() failed (111: Connection refused)", "connecting to upstream", c, host, method, path, "http://%s%s" % (p, path)) for p in peers]
        return None

    access, errors = nginx_traffic(r, 1200, 4, host, peers, failing)
    db = "ip-10-0-9-40"
    kern = kernel_oom(down + timedelta(seconds=20), db, "postgres", 911, "/system.slice/postgresql@15-main.service", 7340000)
    write("vm-oom-elsewhere/nginx", "access.log", access)
    write("vm-oom-elsewhere/nginx", "error.log", errors)
    write("vm-oom-elsewhere/db-1", "kern.log", kern)
    expect("vm-oom-elsewhere", {"incidents": [{"service": host, "start": "2026-03-14T09:10:00Z", "end": "2026-03-14T09:13:00Z",
                                               "cause": "UPSTREAM_DOWN", "targets": peers}]})


def scenario_vm_pool_exhausted():
    """php-fpm beside nginx on a unix socket: a slow query makes every child busy, php-fpm says it
    reached pm.max_children, the socket's backlog fills and nginx gets EAGAIN."""
    r = random.Random(103)
    host, sock = "blog.example.com", "unix:/run/php/php8.2-fpm.sock"
    slow, fast = T0 + timedelta(minutes=8), T0 + timedelta(minutes=12)
    access, errors, fpm, conn = [], [], [], 7000
    for t in traffic(r, T0, 1200, 6):
        conn += 1
        c, path, method = client(r), r.choice(["/index.php", "/wp-admin/admin-ajax.php", "/?p=4411", "/feed/"]), "GET"
        if slow <= t < fast:
            # The pool is full: the busier the minute, the more are refused at the socket.
            ramp = min(1.0, (t - slow).total_seconds() / 60)
            if r.random() < 0.7 * ramp:
                access.append(nginx_upstream_line(t, c, method, path, 502, 0.0, [(sock, 502, "-", "-", "0.000")], host, conn))
                errors.append(nginx_error(t, "error", conn, "connect() to %s failed (11: Resource temporarily unavailable)" % sock, "connecting to upstream", c, host, method, path, "fastcgi://%s:" % sock))
                continue
            x = 1.5 + r.random() * 6 * ramp
            access.append(nginx_upstream_line(t, c, method, path, 200, x, [(sock, 200, "0.000", "%.3f" % x, "%.3f" % x)], host, conn))
        else:
            access.append(nginx_upstream_line(t, c, method, path, 200, 0.08, [ok_try(r, sock, 0.08)], host, conn))
    d = lambda t: t.strftime("%d-%b-%Y %H:%M:%S")
    fpm.append("[%s] NOTICE: fpm is running, pid 812" % d(T0 - timedelta(hours=3)))
    fpm.append("[%s] NOTICE: ready to handle connections" % d(T0 - timedelta(hours=3)))
    fpm.append("[%s] NOTICE: systemd monitor interval set to 10000ms" % d(T0 - timedelta(hours=3)))
    for i in range(4):
        t = slow + timedelta(seconds=20 + 40 * i)
        fpm.append("[%s] WARNING: [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and %d total children" % (d(t - timedelta(seconds=5)), 12 + 4 * i))
        fpm.append("[%s] WARNING: [pool www] server reached pm.max_children setting (24), consider raising it" % d(t))
    write("vm-pool-exhausted/web-1", "access.log", access)
    write("vm-pool-exhausted/web-1", "error.log", errors)
    write("vm-pool-exhausted/web-1", "php8.2-fpm.log", fpm)
    expect("vm-pool-exhausted", {"incidents": [{"service": host, "start": "2026-03-14T09:08:00Z", "end": "2026-03-14T09:12:00Z",
                                                "cause": "UPSTREAM_OVERLOAD", "trigger": "WORKER_POOL_EXHAUSTED", "targets": [sock]}]})


def scenario_vm_worker_timeout():
    """HAProxy in front of gunicorn (sync workers, timeout 30) on app-2 and app-3: a report
    endpoint's query runs for minutes; the arbiter kills each worker at 30 s and HAProxy's request is
    cut (SH--). gunicorn logs through journald to syslog, under the machine's name."""
    r = random.Random(104)
    servers = ["app-2", "app-3"]
    slow, fast = T0 + timedelta(minutes=6), T0 + timedelta(minutes=11)
    lines, sys_ = [], {s: [] for s in servers}
    pids = {"app-2": 1305, "app-3": 1411}
    for t in traffic(r, T0, 1020, 5):
        s = r.choice(servers)
        report = r.random() < 0.25
        if slow <= t < fast and report:
            took = 30000 + r.randint(1, 40)
            start = t - timedelta(milliseconds=took)
            lines.append(haproxy_line(t, s, "0/0/1/-1/%d" % took, 502, "SH--", be="be_app", conns="48/48/19/9/0"))
            pids[s] += 1
            gt = "[%s +0000] [%d]" % (t.strftime("%Y-%m-%d %H:%M:%S"), 1201 if s == "app-2" else 1187)
            pid = "gunicorn[%d]" % (1201 if s == "app-2" else 1187)
            sys_[s].append(syslog(t, s, pid, "%s [CRITICAL] WORKER TIMEOUT (pid:%d)" % (gt, pids[s] - 1)))
            sys_[s].append(syslog(t, s, pid, "%s [ERROR] Worker (pid:%d) exited with code 1" % (gt, pids[s] - 1)))
            sys_[s].append(syslog(t, s, pid, "%s [INFO] Booting worker with pid: %d" % (gt, pids[s] + 2000)))
        else:
            x = int(r.lognormvariate(0, 0.3) * (2400 if report else 40))
            lines.append(haproxy_line(t, s, "0/0/1/%d/%d" % (x, x + 1), 200, "----", be="be_app"))
    write("vm-worker-timeout/lb-1", "haproxy.log", lines)
    for s in servers:
        write("vm-worker-timeout/%s" % s, "syslog", sys_[s])
    expect("vm-worker-timeout", {"incidents": [{"service": "be_app", "start": "2026-03-14T09:06:00Z", "end": "2026-03-14T09:11:00Z",
                                                "cause": "UPSTREAM_OVERLOAD", "trigger": "WORKER_TIMEOUT", "targets": servers}]})


def ctime(t):
    return t.strftime("%a %b %e %H:%M:%S %Y")


def scenario_vm_crash_loop():
    """An ALB in front of a Node.js API on one EC2 instance: a release with a missing module makes it
    exit at start, systemd restarts it five times and gives up (start-limit-hit). Its journal is
    exported with journalctl -o json; the host name spells the target's address."""
    r = random.Random(105)
    target, tg, hostname = "10.0.7.31:3000", "api-prod", "ip-10-0-7-31"
    bad = T0 + timedelta(minutes=9, seconds=30)
    lines = []
    for t in traffic(r, T0, 1200, 4):
        path = r.choice(PATHS)
        if t >= bad:
            lines.append(alb_line(t, target, "-1", "-1", "-1", 502, "-", path, tg=tg))
        else:
            x = r.lognormvariate(0, 0.3) * 0.04
            lines.append(alb_line(t, target, "0.000", "%.3f" % x, "0.000", 200, "200", path, tg=tg))
    journal = []
    seq = [0]

    def j(t, ident, msg, unit="node-api.service", pid=1, prio=6):
        seq[0] += 1
        rec = {"__CURSOR": "s=5d1c;i=%x;b=7e3a;m=%x;t=%x" % (seq[0], seq[0] * 977, int(t.timestamp() * 1e6)),
               "__REALTIME_TIMESTAMP": str(int(t.timestamp() * 1e6)), "__MONOTONIC_TIMESTAMP": str(seq[0] * 1000003),
               "_BOOT_ID": "7e3a9c0d1b2f4e5a8c6d7e8f9a0b1c2d", "PRIORITY": str(prio), "_HOSTNAME": hostname,
               "SYSLOG_IDENTIFIER": ident, "_PID": str(pid), "MESSAGE": msg, "_TRANSPORT": "journal" if ident == "systemd" else "stdout"}
        if ident == "systemd":
            rec["UNIT"] = unit
        else:
            rec["_SYSTEMD_UNIT"] = unit
        journal.append(json.dumps(rec, separators=(",", ":")))

    j(bad - timedelta(seconds=2), "systemd", "Stopping node-api.service - Orders API...")
    j(bad - timedelta(seconds=1), "systemd", "node-api.service: Deactivated successfully.")
    j(bad - timedelta(seconds=1), "systemd", "Stopped node-api.service - Orders API.")
    t = bad - timedelta(seconds=1)
    for n in range(1, 6):
        pid = 4100 + n
        j(t, "systemd", "Started node-api.service - Orders API.")
        j(t + timedelta(milliseconds=400), "node", "node:internal/modules/cjs/loader:1147", pid=pid, prio=3)
        j(t + timedelta(milliseconds=400), "node", "  throw err;", pid=pid, prio=3)
        j(t + timedelta(milliseconds=400), "node", "Error: Cannot find module 'pg-native'", pid=pid, prio=3)
        j(t + timedelta(milliseconds=400), "node", "    at Module._resolveFilename (node:internal/modules/cjs/loader:1144:15)", pid=pid, prio=3)
        j(t + timedelta(milliseconds=450), "systemd", "node-api.service: Main process exited, code=exited, status=1/FAILURE", prio=5)
        j(t + timedelta(milliseconds=450), "systemd", "node-api.service: Failed with result 'exit-code'.", prio=4)
        t += timedelta(seconds=5)
        if n < 5:
            j(t, "systemd", "node-api.service: Scheduled restart job, restart counter is at %d." % n)
            j(t, "systemd", "Stopped node-api.service - Orders API.")
    j(t, "systemd", "node-api.service: Start request repeated too quickly.", prio=4)
    j(t, "systemd", "node-api.service: Failed with result 'start-limit-hit'.", prio=4)
    j(t, "systemd", "Failed to start node-api.service - Orders API.", prio=3)
    write("vm-crash-loop/alb", "123456789012_elasticloadbalancing_us-east-1_app.prod-api.log.gz", lines)
    write("vm-crash-loop/api-1", "journal.json", journal)
    expect("vm-crash-loop", {"incidents": [{"service": tg, "start": "2026-03-14T09:09:30Z", "cause": "UPSTREAM_DOWN",
                                            "trigger": "CRASH_LOOP", "targets": [target], "end": "2026-03-14T09:19:58Z"}]})


def k8s_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def k8s_event(t, ns, kind, name, reason, message, etype="Normal", count=1, component="kubelet", first=None, uid=None):
    return {"apiVersion": "v1", "kind": "Event", "count": count, "type": etype, "reason": reason, "message": message,
            "firstTimestamp": k8s_time(first or t), "lastTimestamp": k8s_time(t),
            "involvedObject": {"apiVersion": "v1" if kind in ("Pod", "Node") else "apps/v1", "kind": kind, "name": name, "namespace": ns if kind != "Node" else ""},
            "metadata": {"name": "%s.%x" % (name, h(name, reason, t.isoformat())), "namespace": ns or "default",
                         "uid": uid or "%08x-4e21-4c5e-9d3e-%012x" % (h(name, reason), h(reason, name, t.isoformat())),
                         "creationTimestamp": k8s_time(first or t)},
            "source": {"component": component}}


def k8s_pod(ns, name, ip, node, start, terminated=None, restarts=0, app="web"):
    cs = {"name": app, "ready": True, "restartCount": restarts, "image": "registry.example.com/%s:2.14.1" % app,
          "state": {"running": {"startedAt": k8s_time(start)}}, "lastState": {}}
    if terminated:
        cs["lastState"] = {"terminated": terminated}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "uid": "%08x-7c1d-4b7e-8f00-%012x" % (h(name), h(ip)),
                         "labels": {"app": app}, "creationTimestamp": k8s_time(start - timedelta(hours=20))},
            "spec": {"nodeName": node, "containers": [{"name": app, "image": cs["image"]}]},
            "status": {"phase": "Running", "podIP": ip, "hostIP": "10.0.1.%d" % (sum(map(ord, node)) % 200 + 10), "startTime": k8s_time(start - timedelta(hours=20)),
                       "containerStatuses": [cs]}}


def ingress_line(r, t, c, method, path, status, rt, svc, peers, ustatus, urt, host):
    return '%s - - [%s] "%s %s HTTP/1.1" %d %d "-" "%s" 412 %.3f [%s] [] %s %d %s %s %032x' % (
        c, clf(t), method, path, status, 150 if status >= 500 else 2100, UAS[2], rt, svc, ", ".join(peers),
        0 if status >= 500 else 2100, ", ".join(urt), ", ".join(ustatus), r.getrandbits(128))


def ingress_traffic(r, seconds, rate, svc, pods, host, failing):
    """ingress-nginx's controller log (access and error lines): failing(t, method, path, c, conn)
    gives None for a healthy request or (peer, error message, phase) for a failed one."""
    out, conn = ['I0314 09:00:00.101010       7 controller.go:190] "Configuration changes detected, backend reload required"'], 100
    for t in traffic(r, T0, seconds, rate):
        conn += 1
        c, path = client(r), r.choice(["/", "/products", "/products/4411", "/cart", "/api/stock"])
        method = "POST" if path == "/cart" else "GET"
        f = failing(t, method, path, c, conn)
        if f is None:
            p = r.choice(pods)
            x = r.lognormvariate(0, 0.3) * 0.03
            out.append(ingress_line(r, t, c, method, path, 200, x + 0.001, svc, [p], ["200"], ["%.3f" % x], host))
        else:
            p, msg, phase = f
            out.append(nginx_error(t, "error", conn, msg, phase, c, host, method, path, "http://%s%s" % (p, path)))
            out.append(ingress_line(r, t, c, method, path, 502, 0.001, svc, [p], ["502"], ["0.000"], host))
    return out


def scenario_k8s_oom():
    """ingress-nginx in front of two pods of shop/web: both leak memory under the same load and are
    OOMKilled (exit 137) a few seconds apart; kubelet restarts them. `kubectl get pods -o json`
    afterwards shows lastState.terminated.reason OOMKilled and the pods' IPs."""
    r = random.Random(106)
    svc, host = "shop-web-80", "shop.example.com"
    pods = {"10.244.1.23:8080": ("web-7d9c6b5f4-x2k8p", "node-a", T0 + timedelta(minutes=11, seconds=4)),
            "10.244.2.15:8080": ("web-7d9c6b5f4-q7m4d", "node-b", T0 + timedelta(minutes=11, seconds=12))}
    spell = {p: (k - timedelta(seconds=1), k + timedelta(seconds=24)) for p, (_, _, k) in pods.items()}

    def failing(t, method, path, c, conn):
        p = r.choice(list(pods))
        s, e = spell[p]
        if s <= t < e:
            return p, "connect() failed (111: Connection refused)", "connecting to upstream"
        o = [q for q in pods if q != p][0]
        if spell[o][0] <= t < spell[o][1] and method == "POST":
            return o, "connect() failed (111: Connection refused)", "connecting to upstream"
        return None

    log = ingress_traffic(r, 1200, 6, svc, list(pods), host, failing)
    items = []
    for addr, (name, node, killed) in pods.items():
        items.append(k8s_pod("shop", name, addr.split(":")[0], node, killed + timedelta(seconds=23), restarts=1,
                             terminated={"containerID": "containerd://%064x" % h(name), "exitCode": 137, "reason": "OOMKilled",
                                         "startedAt": k8s_time(T0 - timedelta(hours=20)), "finishedAt": k8s_time(killed)}))
    pods_doc = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items}
    events = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
        k8s_event(killed + timedelta(seconds=2), "shop", "Pod", name, "Pulled", 'Container image "registry.example.com/web:2.14.1" already present on machine')
        for _, (name, _, killed) in pods.items()] + [
        k8s_event(killed + timedelta(seconds=3), "shop", "Pod", name, "Started", "Started container web", count=2, first=T0 - timedelta(hours=20))
        for _, (name, _, killed) in pods.items()]}
    write("k8s-oom/ingress", "ingress-nginx-controller.log", log)
    write("k8s-oom/kubectl", "pods.json", json.dumps(pods_doc, indent=4).split("\n"))
    write("k8s-oom/kubectl", "events.json", json.dumps(events, indent=4).split("\n"))
    expect("k8s-oom", {"incidents": [{"service": svc, "start": "2026-03-14T09:11:03Z", "cause": "UPSTREAM_DOWN",
                                      "trigger": "OOM_KILL", "targets": list(pods), "end": "2026-03-14T09:11:35Z"}]})


def scenario_k8s_deploy():
    """A rollout of shop/api without a preStop hook: each old pod is killed while ingress-nginx still
    sends to it. `kubectl get events -w -o json` (one pretty-printed object after another)."""
    r = random.Random(107)
    svc, host = "shop-api-8080", "api.shop.example.com"
    old = [("10.244.1.31:8080", "api-5f7c9d8b6-h4x2n"), ("10.244.2.44:8080", "api-5f7c9d8b6-p9w7z"), ("10.244.3.12:8080", "api-5f7c9d8b6-t2c5m")]
    new = [("10.244.1.52:8080", "api-6b8f4c7d9-a1b2c"), ("10.244.2.61:8080", "api-6b8f4c7d9-d3e4f"), ("10.244.3.27:8080", "api-6b8f4c7d9-g5h6i")]
    roll = T0 + timedelta(minutes=10)
    kills = {old[i][0]: roll + timedelta(seconds=40 * i + 15) for i in range(3)}
    ready = {new[i][0]: roll + timedelta(seconds=40 * i + 12) for i in range(3)}

    def serving(t):
        return [a for a, _ in old if t < kills[a] + timedelta(seconds=4)] + [a for a, _ in new if t >= ready[a]]

    def failing(t, method, path, c, conn):
        live = serving(t)
        p = r.choice(live)
        if p in kills and kills[p] <= t:
            return p, "connect() failed (111: Connection refused)", "connecting to upstream"
        return ("ok", p)

    out, conn = [], 500
    for t in traffic(r, T0, 1200, 6):
        conn += 1
        c, path = client(r), r.choice(["/v1/stock", "/v1/orders", "/v1/orders/81734", "/v1/cart"])
        method = "GET" if "stock" in path or r.random() < 0.5 else "POST"
        f = failing(t, method, path, c, conn)
        if f[0] == "ok":
            x = r.lognormvariate(0, 0.3) * 0.02
            out.append(ingress_line(r, t, c, method, path, 200, x + 0.001, svc, [f[1]], ["200"], ["%.3f" % x], host))
        else:
            p, msg, phase = f
            out.append(nginx_error(t, "error", conn, msg, phase, c, host, method, path, "http://%s%s" % (p, path)))
            out.append(ingress_line(r, t, c, method, path, 502, 0.001, svc, [p], ["502"], ["0.000"], host))
    ev = [k8s_event(roll, "shop", "Deployment", "api", "ScalingReplicaSet", "Scaled up replica set api-6b8f4c7d9 to 1 from 0", component="deployment-controller")]
    for i in range(3):
        a, n = new[i]
        ev.append(k8s_event(ready[a] - timedelta(seconds=11), "shop", "ReplicaSet", "api-6b8f4c7d9", "SuccessfulCreate", "Created pod: %s" % n, component="replicaset-controller"))
        ev.append(k8s_event(ready[a] - timedelta(seconds=8), "shop", "Pod", n, "Started", "Started container api"))
        oa, on = old[i]
        ev.append(k8s_event(kills[oa] - timedelta(seconds=1), "shop", "Deployment", "api", "ScalingReplicaSet", "Scaled down replica set api-5f7c9d8b6 to %d from %d" % (2 - i, 3 - i), component="deployment-controller"))
        ev.append(k8s_event(kills[oa] - timedelta(seconds=1), "shop", "ReplicaSet", "api-5f7c9d8b6", "SuccessfulDelete", "Deleted pod: %s" % on, component="replicaset-controller"))
        ev.append(k8s_event(kills[oa], "shop", "Pod", on, "Killing", "Stopping container api"))
        if i < 2:
            ev.append(k8s_event(ready[a] + timedelta(seconds=1), "shop", "Deployment", "api", "ScalingReplicaSet", "Scaled up replica set api-6b8f4c7d9 to %d from %d" % (i + 2, i + 1), component="deployment-controller"))
    ev.sort(key=lambda e: e["lastTimestamp"])
    watch = []
    for e in ev:
        watch.extend(json.dumps(e, indent=4).split("\n"))
    write("k8s-deploy/ingress", "controller.log", out)
    write("k8s-deploy/kubectl", "events-watch.json", watch)
    expect("k8s-deploy", {"incidents": [{"service": svc, "start": "2026-03-14T09:10:15Z", "end": "2026-03-14T09:11:39Z", "cause": "UPSTREAM_RESTART",
                                         "trigger": "DEPLOY", "targets": [a for a, _ in old]}]})


def scenario_k8s_clean_deploy():
    """The same rollout with a preStop sleep: ingress-nginx stops sending before the pods stop. The
    events are there; there are no 502s and no incident."""
    r = random.Random(108)
    svc, host = "shop-catalog-8080", "catalog.shop.example.com"
    old = ["10.244.1.91:8080", "10.244.2.93:8080"]
    new = ["10.244.1.95:8080", "10.244.2.97:8080"]
    roll = T0 + timedelta(minutes=10)
    out = []
    for t in traffic(r, T0, 1200, 6):
        c, path = client(r), r.choice(["/v1/stock", "/v1/orders"])
        peers = old if t < roll + timedelta(seconds=30) else new
        x = r.lognormvariate(0, 0.3) * 0.02
        out.append(ingress_line(r, t, c, "GET", path, 200, x + 0.001, svc, [r.choice(peers)], ["200"], ["%.3f" % x], host))
    ev = [k8s_event(roll, "shop", "Deployment", "catalog", "ScalingReplicaSet", "Scaled up replica set catalog-7d5f8b9c4 to 2 from 0", component="deployment-controller"),
          k8s_event(roll + timedelta(seconds=30), "shop", "Deployment", "catalog", "ScalingReplicaSet", "Scaled down replica set catalog-65c8d7f4b to 0 from 2", component="deployment-controller"),
          k8s_event(roll + timedelta(seconds=31), "shop", "Pod", "catalog-65c8d7f4b-m2v8r", "Killing", "Stopping container catalog"),
          k8s_event(roll + timedelta(seconds=31), "shop", "Pod", "catalog-65c8d7f4b-x7q4t", "Killing", "Stopping container catalog")]
    write("k8s-clean-deploy/ingress", "controller.log", out)
    write("k8s-clean-deploy/kubectl", "events.json", json.dumps({"apiVersion": "v1", "kind": "List", "items": ev}, indent=2).split("\n"))
    expect("k8s-clean-deploy", {"incidents": []})


def scenario_k8s_probe():
    """shop/search deadlocks under a burst; its liveness probes time out (the pod IP is in the
    message) and kubelet kills and restarts both containers: refused connections while they start."""
    r = random.Random(109)
    svc, host = "shop-search-9200", "search.shop.example.com"
    pods = {"10.244.1.71:9200": "search-84c5d7f9b-kk2lm", "10.244.2.18:9200": "search-84c5d7f9b-zz81q"}
    hang = T0 + timedelta(minutes=9)
    killed = {p: hang + timedelta(seconds=30 + 7 * i) for i, p in enumerate(pods)}

    def failing(t, method, path, c, conn):
        p = r.choice(list(pods))
        if killed[p] <= t < killed[p] + timedelta(seconds=35):
            return p, "connect() failed (111: Connection refused)", "connecting to upstream"
        return None

    log = ingress_traffic(r, 1200, 5, svc, list(pods), host, failing)
    ev = []
    for p, name in pods.items():
        ip = p.split(":")[0]
        for k in range(3):
            t = hang + timedelta(seconds=10 * k)
            ev.append(k8s_event(t, "shop", "Pod", name, "Unhealthy",
                                'Liveness probe failed: Get "http://%s:9200/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % ip,
                                etype="Warning", count=k + 1, first=hang, uid="probe-%s" % name))
            ev.append(k8s_event(t + timedelta(seconds=1), "shop", "Pod", name, "Unhealthy",
                                'Readiness probe failed: Get "http://%s:9200/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)' % ip,
                                etype="Warning", count=k + 1, first=hang, uid="ready-%s" % name))
        ev.append(k8s_event(killed[p], "shop", "Pod", name, "Killing", "Container search failed liveness probe, will be restarted"))
        ev.append(k8s_event(killed[p] + timedelta(seconds=2), "shop", "Pod", name, "Started", "Started container search", count=2))
    ev.sort(key=lambda e: e["lastTimestamp"])
    write("k8s-probe/ingress", "controller.log", log)
    write("k8s-probe/kubectl", "events.json", json.dumps({"apiVersion": "v1", "kind": "List", "items": ev}, indent=4).split("\n"))
    expect("k8s-probe", {"incidents": [{"service": svc, "start": "2026-03-14T09:09:30Z", "cause": "UPSTREAM_DOWN",
                                        "trigger": "PROBE_FAILURE", "targets": list(pods), "end": "2026-03-14T09:10:11Z"}]})


def scenario_k8s_node():
    """A node fails (kernel panic): its pods' addresses stop answering ("No route to host") until
    the node controller marks them NotReady and the endpoints drop them. The pods list says which pods
    ran on the node; the Node's NodeNotReady event says when."""
    r = random.Random(110)
    svc, host = "shop-cart-8080", "cart.shop.example.com"
    on_node = {"10.244.3.14:8080": "cart-6d5b8c9f7-a8s7d", "10.244.3.22:8080": "cart-6d5b8c9f7-f6g5h"}
    elsewhere = {"10.244.1.40:8080": "cart-6d5b8c9f7-j4k3l"}
    fail, gone = T0 + timedelta(minutes=12), T0 + timedelta(minutes=12, seconds=50)

    def failing(t, method, path, c, conn):
        p = r.choice(list(on_node) + list(elsewhere))
        if fail <= t < gone and p in on_node:
            return p, "connect() failed (113: No route to host)", "connecting to upstream"
        return None

    log = ingress_traffic(r, 1200, 6, svc, list(on_node) + list(elsewhere), host, failing)
    pods = [k8s_pod("shop", n, a.split(":")[0], "ip-10-0-3-77.eu-west-1.compute.internal", T0, app="cart") for a, n in on_node.items()]
    pods += [k8s_pod("shop", n, a.split(":")[0], "ip-10-0-1-18.eu-west-1.compute.internal", T0, app="cart") for a, n in elsewhere.items()]
    ev = [k8s_event(fail + timedelta(seconds=41), "", "Node", "ip-10-0-3-77.eu-west-1.compute.internal", "NodeNotReady",
                    "Node ip-10-0-3-77.eu-west-1.compute.internal status is now: NodeNotReady", component="node-controller")]
    ev += [k8s_event(fail + timedelta(seconds=41), "shop", "Pod", n, "NodeNotReady", "Node is not ready", etype="Warning", component="node-controller")
           for n in on_node.values()]
    write("k8s-node/ingress", "controller.log", log)
    write("k8s-node/kubectl", "pods.json", json.dumps({"apiVersion": "v1", "kind": "List", "items": pods}, indent=4).split("\n"))
    write("k8s-node/kubectl", "events.json", json.dumps({"apiVersion": "v1", "kind": "List", "items": ev}, indent=4).split("\n"))
    expect("k8s-node", {"incidents": [{"service": svc, "start": "2026-03-14T09:12:00Z", "end": "2026-03-14T09:12:50Z", "cause": "NETWORK",
                                       "trigger": "NODE_FAILURE", "targets": list(on_node)}]})


def scenario_vm_crash():
    """uWSGI behind nginx (uwsgi_pass): a C extension segfaults on one endpoint; each time, the
    worker dies (signal 11) with the request, nginx's read is cut, and uWSGI respawns it."""
    r = random.Random(111)
    host, peers = "reports.example.com", ["10.0.6.21:3031", "10.0.6.22:3031"]
    bad, fixed = T0 + timedelta(minutes=7), T0 + timedelta(minutes=14)
    access, errors, logs, conn = [], [], {p: [] for p in peers}, 3000
    wpid = {p: 4411 for p in peers}
    for p in peers:
        start = T0 - timedelta(minutes=30)
        logs[p] += ["*** Starting uWSGI 2.0.23 (64bit) on [%s] ***" % ctime(start),
                    "uwsgi socket 0 bound to TCP address %s fd 3" % p,
                    "*** uWSGI is running in multiple interpreter mode ***",
                    "spawned uWSGI master process (pid: 4410)"] + ["spawned uWSGI worker %d (pid: %d, cores: 1)" % (i, 4410 + i) for i in range(1, 5)]
    for t in traffic(r, T0, 1200, 5):
        conn += 1
        c, p = client(r), r.choice(peers)
        path = r.choice(["/reports/export?fmt=pdf", "/reports", "/reports/4411", "/static/app.css"])
        if bad <= t < fixed and path.startswith("/reports/export"):
            x = 0.2 + r.random() * 0.5
            access.append(nginx_upstream_line(t, c, "GET", path, 502, x, [(p, 502, "0.001", "-", "%.3f" % x)], host, conn))
            errors.append(nginx_error(t, "error", conn, "upstream prematurely closed connection", "reading response header from upstream", c, host, "GET", path, "uwsgi://%s" % p))
            w = r.randint(1, 4)
            wpid[p] += 7
            logs[p].append("%s - DAMN ! worker %d (pid: %d) died, killed by signal 11 :( trying respawn ..." % (ctime(t), w, wpid[p] - 7))
            logs[p].append("%s - Respawned uWSGI worker %d (new pid: %d)" % (ctime(t), w, wpid[p]))
        else:
            access.append(nginx_upstream_line(t, c, "GET", path, 200, 0.05, [ok_try(r, p, 0.05)], host, conn))
    write("vm-crash/nginx", "access.log", access)
    write("vm-crash/nginx", "error.log", errors)
    for i, p in enumerate(peers):
        write("vm-crash/app-%d" % (i + 1), "uwsgi.log", logs[p])
    expect("vm-crash", {"incidents": [{"service": host, "start": "2026-03-14T09:07:00Z", "end": "2026-03-14T09:14:00Z",
                                       "cause": "UPSTREAM_DOWN", "trigger": "PROCESS_CRASH", "targets": peers}]})


def scenarios():
    scenario_vm_oom_kill()
    scenario_vm_oom_elsewhere()
    scenario_vm_pool_exhausted()
    scenario_vm_worker_timeout()
    scenario_vm_crash_loop()
    scenario_vm_crash()
    scenario_k8s_oom()
    scenario_k8s_deploy()
    scenario_k8s_clean_deploy()
    scenario_k8s_probe()
    scenario_k8s_node()


if __name__ == "__main__":
    scenarios()
