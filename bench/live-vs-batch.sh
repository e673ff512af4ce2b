#!/usr/bin/env bash
# Live equals batch, end to end: a scenario's files are written live (bench/live_writer.py, at
# SPEED x real time, with the given lags or slices), `ship --follow` tails them into a running
# `demo`, the demo is optionally killed with SIGKILL halfway and started again on its data, and
# the service's final incidents are compared with `analyze --json` of the files as written.
#
# Usage: [SPEED=60] [KILL=1] bash bench/live-vs-batch.sh SCENARIO [live_writer options]
#   bash bench/live-vs-batch.sh sample-logs/nginx-tls-expired --lag error=180
#   KILL=1 bash bench/live-vs-batch.sh sample-logs/nginx-upstream-down --slices access=40 --slices error=160
# Exit code 0 when the answers are the same, 1 when they differ (the difference is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
SCENARIO=${1:?usage: bench/live-vs-batch.sh SCENARIO [--lag NAME=S] [--slices NAME=N]}
shift
SPEED=${SPEED:-60}
PORT=${PORT:-18281}; KPORT=${KPORT:-19493}
WORK=$(mktemp -d); DATA="$WORK/data"; LOGS="$WORK/logs"
DEMO=; SHIP=; WRITER=
cleanup() { kill $SHIP $WRITER 2>/dev/null || true; [[ -n "$DEMO" ]] && kill $DEMO 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
start_demo() {
  ./gatescope demo --no-replay --port $PORT --kafka-port $KPORT --data "$DATA" >> "$WORK/demo.log" 2>&1 &
  DEMO=$!
  for _ in $(seq 1 180); do
    [[ "$(curl -s localhost:$PORT/api/health | python3 -c 'import json,sys; print(json.load(sys.stdin).get("status"))' 2>/dev/null)" == UP ]] && return
    sleep 1
  done
  echo "the demo did not come up; see $WORK/demo.log" >&2; exit 2
}
start_demo
python3 bench/live_writer.py "$SCENARIO" "$LOGS" --speed "$SPEED" "$@" > "$WORK/writer.log" &
WRITER=$!
sleep 1
./gatescope ship --follow --bootstrap 127.0.0.1:$KPORT --registry "$WORK/ship.json" "$LOGS"/* 2> "$WORK/ship.log" &
SHIP=$!
if [[ "${KILL:-0}" == 1 ]]; then
  until grep -q "^50 %" "$WORK/writer.log"; do sleep 0.5; done
  echo "SIGKILL to the demo at half the scenario; starting it again on the same data"
  pkill -9 -P $DEMO 2>/dev/null || true; kill -9 $DEMO 2>/dev/null || true; wait $DEMO 2>/dev/null || true
  start_demo
fi
wait $WRITER
echo "written: $(wc -l "$LOGS"/* | tail -1)"
./gatescope analyze --json "$LOGS" > "$WORK/batch.json"
# The service's answer settles once the files are shipped to their end (ship says so every second).
python3 - "$WORK/batch.json" "$PORT" <<'PY'
import json, sys, time, urllib.request
batch = json.load(open(sys.argv[1]))
port = sys.argv[2]

def key(i):
    return (i["id"], i["kind"], i["service"], i["start"], i["end"], i["requests"], i["errors"],
            tuple((c["cause"], c["confidence"], tuple(e["count"] for e in c["evidence"]))
                  for c in i["causes"]),
            tuple((d["field"], d["value"], d["failing"], d["baseline"]) for d in i.get("dimensions", [])))

want = sorted(key(i) for i in batch["incidents"])
deadline = time.time() + 240
got = None
while time.time() < deadline:
    live = json.load(urllib.request.urlopen(f"http://localhost:{port}/api/incidents?limit=500"))
    got = sorted(key(i) for i in live["incidents"])
    if got == want:
        break
    time.sleep(2)
print(f"batch: {len(want)} incident(s); live: {len(got)}")
for w in want:
    print("  batch", w[:7], w[7][:1], w[8])
if got != want:
    for g in got:
        print("  live ", g[:7], g[7][:1], g[8])
    print("DIFFERENT")
    sys.exit(1)
print("SAME")
PY
