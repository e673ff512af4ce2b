#!/usr/bin/env bash
# Streaming benchmark. 1) `ship` throughput into the demo's broker (nothing else consuming the
# topic). 2) The analyzer's sustained throughput with the whole service running: a second service
# (`serve`: Kafka consumer, Flink MiniCluster, findings indexer, HTTP) reads that backlog; timed from
# its start-up (included) to zero lag on its committed offsets (committed at each 10 s checkpoint,
# so the figure is conservative). 3) Its RSS, and /api/incidents requests/s under wrk while it ingests.
# Usage: bash bench/stream.sh [LINES]   (default 5,000,000). Installs wrk from Debian if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-5000000}
DIR=bench-data
mkdir -p "$DIR"
LOG="$DIR/access-$LINES.log"
[[ -f "$LOG" ]] || python3 bench/generate_nginx.py "$LOG" "$LINES"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
PORT=18181; PORT2=18183; KPORT=19393; DATA=$(mktemp -d); DATA2=$(mktemp -d); TOPIC=bench.raw
./gatescope demo --no-replay --port $PORT --kafka-port $KPORT --data "$DATA" > "$DIR/stream-demo.log" 2>&1 &
DEMO=$!
SERVE=
trap 'kill $DEMO $SERVE 2>/dev/null; wait $DEMO $SERVE 2>/dev/null; rm -rf "$DATA" "$DATA2"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/api/health" >/dev/null && break; sleep 1; done
metric() { curl -s "localhost:$1/metrics" | awk -v m="$2" '$1==m {print int($2)}'; }
t0=$(date +%s.%N)
./gatescope ship --bootstrap 127.0.0.1:$KPORT --topic $TOPIC --registry "$DATA/ship.json" "$LOG" 2> "$DIR/stream-ship.log"
t1=$(date +%s.%N)
./gatescope serve --bootstrap 127.0.0.1:$KPORT --topic $TOPIC --port $PORT2 --data "$DATA2" > "$DIR/stream-serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 1 120); do curl -sf "localhost:$PORT2/api/health" >/dev/null && break; sleep 0.2; done
wrk -t2 -c16 -d10s "http://localhost:$PORT2/api/incidents?limit=20" > "$DIR/stream-wrk.txt" 2>&1 || true
rss=$(ps -o rss= -p $SERVE | awk '{print int($1/1024)}')
# The steady rate is the second half of the backlog: by then start-up and JIT warm-up are over.
thalf=
while :; do
  lag=$(metric $PORT2 gatescope_analyzer_lag); in=$(metric $PORT2 gatescope_lines_in)
  [[ -z "$thalf" && "${in:-0}" -ge $LINES && "${lag:-$LINES}" -le $((LINES / 2)) ]] && { thalf=$(date +%s.%N); lhalf=$lag; }
  [[ "${in:-0}" -ge $LINES && "${lag:-1}" -eq 0 ]] && break
  sleep 0.5; r=$(ps -o rss= -p $SERVE | awk '{print int($1/1024)}'); ((r > rss)) && rss=$r
done
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$LINES" "$rss" "$DIR/stream-wrk.txt" "$thalf" "$lhalf" <<'PY'
import sys, re
t0, t1, t2, n, rss = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
wrk = open(sys.argv[6]).read()
thalf, lhalf = float(sys.argv[7]), int(sys.argv[8])
rps = re.search(r"Requests/sec:\s+([\d.]+)", wrk)
print(f"| lines | ship lines/s | service lines/s, start-up to lag 0 | service lines/s, last {lhalf:,} lines (warm) | service peak RSS MiB | /api/incidents req/s while ingesting |")
print(f"|---|---|---|---|---|---|")
print(f"| {n:,} | {n/(t1-t0):,.0f} | {n/(t2-t1):,.0f} | {lhalf/(t2-thalf):,.0f} | {rss} | {rps.group(1) if rps else '?'} |")
PY
curl -s "localhost:$PORT2/api/incidents" | python3 -c "import json,sys; d=json.load(sys.stdin); print('incidents:', [(i['service'], i['start'], i['causes'][0]['cause']) for i in d['incidents']])"
