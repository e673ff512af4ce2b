#!/usr/bin/env bash
# Diagnosis on 59 realistic scenarios that the sample scenarios do not cover (HAProxy down, invalid
# responses, overload, keep-alive races and rolling restarts; ALB keep-alive and Lambda; classic ELB;
# nginx network, limits, php-fpm, too-big headers, TLS SNI, DNS, restarts, scattered 502s; Filebeat
# and Fluent Bit envelopes, zones, access-only, combined-only and JSON logs). 33 of them (gen4.py,
# gen5.py) are written apart from the samples' generator, in other formats (key=value and bare nginx
# tails, JSON with other keys, RFC 5424 syslog, ingress-nginx, Vector envelopes, two services in one
# log) and with other numbers. Writes them into bench-data/scenarios (about 300 MB), runs
# `./gatescope analyze --json` on each and prints OK or FAIL against the expected top cause (or no
# incident; with "all", every named service's cause). Usage: bash bench/diagnosis.sh [NAME_GLOB]
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=bench-data/scenarios
if [[ ! -f $BASE/expect.json ]]; then
  python3 bench/scenarios/gen.py && python3 bench/scenarios/gen2.py && python3 bench/scenarios/gen3.py \
    && python3 bench/scenarios/gen4.py && python3 bench/scenarios/gen5.py
fi
fails=0
for d in $BASE/out*/${1:-*}; do
  n=$(basename "$d")
  ./gatescope analyze --json "$d" > "$BASE/$n.json" 2> "$BASE/$n.err" || true
  python3 - "$BASE" "$n" <<'PY' || fails=$((fails + 1))
import json, sys
base, n = sys.argv[1], sys.argv[2]
want = json.load(open(base + "/expect.json"))[n]
doc = json.load(open("%s/%s.json" % (base, n)))
inc = doc["incidents"]
top = inc[0]["causes"][0]["cause"] if inc else None
ok = top == want["cause"] if want["cause"] else not inc
for svc, cause in want.get("all", {}).items():  # every service named must have its incident and cause
    ok = ok and any(i["service"] == svc and i["causes"][0]["cause"] == cause for i in inc)
print(("OK  " if ok else "FAIL"), n, "expected", want["cause"], "got",
      [(i["kind"], i["service"], i["causes"][0]["cause"], i["causes"][0]["confidence"]) for i in inc])
sys.exit(0 if ok else 1)
PY
done
echo "failed: $fails"
