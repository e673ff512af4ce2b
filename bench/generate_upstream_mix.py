#!/usr/bin/env python3
"""Writes the upstream's side of bench-data/access-N.log for bench/analyze.sh's mixed run: as many
upstream and platform lines as the access log has, over the same six hours, as the app servers'
machines write them (syslog with gunicorn's and systemd's lines, the kernel's log, php-fpm's and
uWSGI's own logs, journald JSON) and a `kubectl get events -w -o json` stream. The outage in the
middle of the access log gets its trigger: the kernel kills gunicorn on app-1 for memory.

usage: generate_upstream_mix.py OUT_DIR LINES [SPAN_SECONDS [OUTAGE_SECONDS]]
"""
import json, os, sys
from datetime import datetime, timedelta, timezone

out, n = sys.argv[1], int(sys.argv[2])
span = int(sys.argv[3]) if len(sys.argv) > 3 else 6 * 3600
outage = int(sys.argv[4]) if len(sys.argv) > 4 else 240
t0 = datetime(2026, 3, 14, 6, 0, 0, tzinfo=timezone.utc)
kill = t0 + timedelta(seconds=span / 2)
os.makedirs(out, exist_ok=True)
hosts = ["ip-10-0-3-11", "ip-10-0-3-12", "ip-10-0-3-13"]
files = {k: open(os.path.join(out, k), "w") for k in ["syslog", "kern.log", "php8.2-fpm.log", "uwsgi.log", "journal.json", "events.json"]}
per = n // 6
for i in range(per):
    t = t0 + timedelta(seconds=i * span / per)
    h = hosts[i % 3]
    sl = t.strftime("%b %e %H:%M:%S")
    pid = 1200 + i % 4
    files["syslog"].write("%s %s gunicorn[%d]: [%s +0000] [%d] [INFO] Booting worker with pid: %d\n" % (sl, h, pid, t.strftime("%Y-%m-%d %H:%M:%S"), pid, 3000 + i % 997))
    files["kern.log"].write("%s %s kernel: [%12.6f] [UFW BLOCK] IN=ens5 OUT= SRC=198.51.100.%d DST=10.0.3.11 LEN=44 PROTO=TCP SPT=%d DPT=23 SYN URGP=0\n" % (sl, h, 86400 + i * 0.5, i % 250 + 2, 1024 + i % 60000))
    files["php8.2-fpm.log"].write("[%s] NOTICE: [pool www] child %d started\n" % (t.strftime("%d-%b-%Y %H:%M:%S"), 4000 + i % 5000))
    files["uwsgi.log"].write("%s - Respawned uWSGI worker %d (new pid: %d)\n" % (t.strftime("%a %b %e %H:%M:%S %Y"), i % 8 + 1, 5000 + i % 4000))
    files["journal.json"].write(json.dumps({"__REALTIME_TIMESTAMP": str(int(t.timestamp() * 1e6)), "_HOSTNAME": h, "SYSLOG_IDENTIFIER": "systemd",
                                            "MESSAGE": "Started session-%d.scope - Session %d of User deploy." % (i, i), "_PID": "1", "PRIORITY": "6"}, separators=(",", ":")) + "\n")
    files["events.json"].write(json.dumps({"kind": "Event", "apiVersion": "v1", "reason": "Pulled", "type": "Normal", "count": 1,
                                           "message": 'Container image "registry.example.com/web:2.14.%d" already present on machine' % (i % 9),
                                           "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-7d9c6b5f4-%05d" % (i % 99999)},
                                           "metadata": {"name": "e%d" % i, "namespace": "shop", "uid": "u%d" % i}, "lastTimestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ")},
                                          separators=(",", ":")) + "\n")
    if abs((t - kill).total_seconds()) < span / per:
        files["kern.log"].write("%s ip-10-0-3-11 kernel: [%12.6f] Out of memory: Killed process 2231 (gunicorn) total-vm:4124000kB, anon-rss:3512000kB, file-rss:0kB, shmem-rss:0kB, UID:33 pgtables:7316kB oom_score_adj:0\n" % (sl, 86400 + i * 0.5))
for f in files.values():
    f.close()
