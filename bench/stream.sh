#!/usr/bin/env bash
# Streaming benchmark: `ship` throughput into the demo's broker, the analyzer's sustained
# throughput through Kafka + Flink with the whole service running (until its lag is zero), RSS of
# the service, and /api/incidents requests/s under wrk while ingesting.
# Usage: bash bench/stream.sh [LINES]   (default 2,000,000). Installs wrk from Debian if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-2000000}
DIR=bench-data
mkdir -p "$DIR"
LOG="$DIR/access-$LINES.log"
[[ -f "$LOG" ]] || python3 bench/generate_nginx.py "$LOG" "$LINES"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
PORT=18181; KPORT=19393; DATA=$(mktemp -d)
./gatescope demo --no-replay --port $PORT --kafka-port $KPORT --data "$DATA" > "$DIR/stream-demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null; wait $DEMO 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/api/health" >/dev/null && break; sleep 1; done
metric() { curl -s "localhost:$PORT/metrics" | awk -v m="$1" '$1==m {print int($2)}'; }
t0=$(date +%s.%N)
./gatescope ship --bootstrap 127.0.0.1:$KPORT --registry "$DATA/ship.json" "$LOG" 2> "$DIR/stream-ship.log"
t1=$(date +%s.%N)
wrk -t2 -c16 -d10s "http://localhost:$PORT/api/incidents?limit=20" > "$DIR/stream-wrk.txt" 2>&1 || true
while :; do lag=$(metric gatescope_analyzer_lag); in=$(metric gatescope_lines_in); [[ "${in:-0}" -ge $LINES && "${lag:-1}" -eq 0 ]] && break; sleep 1; done
t2=$(date +%s.%N)
rss=$(ps -o rss= -p "$(pgrep -f 'GatescopeCommand demo' | head -1)" | awk '{print int($1/1024)}')
python3 - "$t0" "$t1" "$t2" "$LINES" "$rss" "$DIR/stream-wrk.txt" <<'PY'
import sys, re
t0, t1, t2, n, rss = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
wrk = open(sys.argv[6]).read()
rps = re.search(r"Requests/sec:\s+([\d.]+)", wrk)
print(f"| lines | ship lines/s | analyzer lines/s (ship start to lag 0) | service RSS MiB | /api/incidents req/s while ingesting |")
print(f"|---|---|---|---|---|")
print(f"| {n:,} | {n/(t1-t0):,.0f} | {n/(t2-t0):,.0f} | {rss} | {rps.group(1) if rps else '?'} |")
PY
curl -s "localhost:$PORT/api/incidents" | python3 -c "import json,sys; d=json.load(sys.stdin); print('incidents:', [(i['service'], i['start'], i['causes'][0]['cause']) for i in d['incidents']])"
