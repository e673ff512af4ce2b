#!/usr/bin/env bash
# Streaming benchmark. 1) `ship` throughput into the demo's broker (nothing else consuming the
# topic). 2) The analyzer's throughput with the whole service running: a second service (`serve`:
# Kafka consumer, Flink MiniCluster, findings indexer, HTTP) reads that backlog. Its
# gatescope_lines_parsed gauge (the job's line counter, reported every 2 s) gives the sustained rate,
# from the end of the API load (below; at least 10 % of the backlog) to 90 %, and the time from
# start-up (included) until every line is parsed.
# 3) Its RSS, and /api/incidents requests/s under wrk while it ingests the backlog (after a 5 s wrk
# warm-up), plain and with Accept-Encoding: gzip (as browsers and chat bots ask).
# Usage: [PARTITIONS=N] bash bench/stream.sh [LINES]   (default 5,000,000; one partition). Installs
# wrk from Debian if missing.
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
metric() { curl -s "localhost:$1/metrics" | awk -v m="$2" '$1==m {print ($2 ~ /^[0-9.eE+]+$/) ? int($2) : 0}'; }
if [[ "${PARTITIONS:-1}" -gt 1 ]]; then
  # Several partitions (as several shipping hosts give): the lines are spread round-robin.
  java -cp "web/target/lib/*" bench/CreateTopic.java 127.0.0.1:$KPORT $TOPIC "$PARTITIONS"
  SHIP_OPTS="${SHIP_OPTS:-} --kafka-property partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner"
fi
t0=$(date +%s.%N)
./gatescope ship ${SHIP_OPTS:-} --bootstrap 127.0.0.1:$KPORT --topic $TOPIC --registry "$DATA/ship.json" "$LOG" 2> "$DIR/stream-ship.log"
t1=$(date +%s.%N)
./gatescope serve --bootstrap 127.0.0.1:$KPORT --topic $TOPIC --port $PORT2 --data "$DATA2" > "$DIR/stream-serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 1 120); do curl -sf "localhost:$PORT2/api/health" >/dev/null && break; sleep 0.2; done
# The API under load once the job is ingesting; the sustained rate is measured after it.
until [[ $(metric $PORT2 gatescope_lines_parsed) -ge $((LINES / 50)) ]]; do sleep 0.2; done
wrk -t2 -c16 -d5s "http://localhost:$PORT2/api/incidents?limit=20" > /dev/null 2>&1 || true # JIT warm-up
wrk -t2 -c16 -d5s "http://localhost:$PORT2/api/incidents?limit=20" > "$DIR/stream-wrk.txt" 2>&1 || true
wrk -t2 -c16 -d5s -H "Accept-Encoding: gzip" "http://localhost:$PORT2/api/incidents?limit=20" > "$DIR/stream-wrk-gzip.txt" 2>&1 || true
rss=$(ps -o rss= -p $SERVE | awk '{print int($1/1024)}')
t10=; t90=; p10=; p90=
while :; do
  parsed=$(metric $PORT2 gatescope_lines_parsed); parsed=${parsed:-0}
  now=$(date +%s.%N)
  # From the first count after wrk (at least 10 % of the backlog) to 90 %.
  [[ -z "$t10" && "$parsed" -ge $((LINES / 10)) ]] && { t10=$now; p10=$parsed; }
  [[ -z "$t90" && "$parsed" -ge $((LINES * 9 / 10)) ]] && { t90=$now; p90=$parsed; }
  [[ "$parsed" -ge $LINES ]] && break
  sleep 0.5; r=$(ps -o rss= -p $SERVE | awk '{print int($1/1024)}'); ((r > rss)) && rss=$r
done
t2=$(date +%s.%N)
python3 - "$t0" "$t1" "$t2" "$LINES" "$rss" "$DIR/stream-wrk.txt" "$t10" "$t90" "$p10" "$p90" "$DIR/stream-wrk-gzip.txt" <<'PY'
import sys, re
t0, t1, t2, n, rss = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
wrk = open(sys.argv[6]).read()
t10, t90, p10, p90 = float(sys.argv[7]), float(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])
rps = re.search(r"Requests/sec:\s+([\d.]+)", wrk)
rpz = re.search(r"Requests/sec:\s+([\d.]+)", open(sys.argv[11]).read())
print(f"| lines | ship lines/s | service lines/s, {100*p10/n:.0f} % to 90 % of the backlog | service, start-up until all parsed | service peak RSS MiB | /api/incidents req/s while ingesting (plain / gzip) |")
print("|---|---|---|---|---|---|")
print(f"| {n:,} | {n/(t1-t0):,.0f} | {(p90-p10)/(t90-t10):,.0f} | {t2-t1:.1f} s ({n/(t2-t1):,.0f} lines/s) | {rss} | {rps.group(1) if rps else '?'} / {rpz.group(1) if rpz else '?'} |")
PY
curl -s "localhost:$PORT2/api/incidents" | python3 -c "import json,sys; d=json.load(sys.stdin); print('incidents:', [(i['service'], i['start'], i['causes'][0]['cause']) for i in d['incidents']])"
