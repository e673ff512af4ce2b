#!/usr/bin/env bash
# Detection latency of the streaming service: starts `./gatescope demo --no-replay` (broker,
# MiniCluster, index, HTTP), replays nginx lines in real time into Kafka for several services, breaks
# them one after another and reports p50/p95/max from the Kafka acknowledgement of an incident's
# first 502 to the incident in /api/incidents.
# Usage: bash bench/latency.sh [SERVICES] [WARMUP_SECONDS] [LINES_PER_SECOND_PER_SERVICE]
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${1:-20}; WARMUP=${2:-90}; RATE=${3:-50}
DIR=bench-data; mkdir -p "$DIR"
mvn -B -q -DskipTests -Dspotless.check.skip=true install >/dev/null
mvn -B -q -pl web test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/web/target/bench-cp.txt" >/dev/null
PORT=18182; KPORT=19394; DATA=$(mktemp -d)
./gatescope demo --no-replay --port $PORT --kafka-port $KPORT --data "$DATA" > "$DIR/latency-demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null; wait $DEMO 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/api/health" >/dev/null && break; sleep 1; done
java -cp "web/target/test-classes:web/target/classes:$(cat web/target/bench-cp.txt)" \
  io.gatescope.web.bench.DetectionLatencyBenchmark 127.0.0.1:$KPORT "http://localhost:$PORT" "$SERVICES" "$WARMUP" "$RATE" &
BENCH=$!
trap 'kill $BENCH $DEMO 2>/dev/null; wait $DEMO 2>/dev/null; rm -rf "$DATA"' EXIT
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
# /api/incidents?limit=20 under wrk while the service ingests SERVICES x RATE lines/s live, plain and
# gzip. The HTTP path gets the JIT's attention first (10 s of wrk): a throughput figure of
# interpreted code says little.
api_load() { # label
  wrk -t2 -c16 -d10s "http://localhost:$PORT/api/incidents?limit=20" > /dev/null 2>&1 || true
  local before after bytes
  before=$(curl -s "localhost:$PORT/metrics" | awk '$1=="gatescope_lines_parsed" {print int($2)}')
  wrk -t2 -c16 -d5s "http://localhost:$PORT/api/incidents?limit=20" > "$DIR/latency-wrk.txt" 2>&1 || true
  wrk -t2 -c16 -d5s -H "Accept-Encoding: gzip" "http://localhost:$PORT/api/incidents?limit=20" > "$DIR/latency-wrk-gzip.txt" 2>&1 || true
  after=$(curl -s "localhost:$PORT/metrics" | awk '$1=="gatescope_lines_parsed" {print int($2)}')
  bytes=$(curl -s "localhost:$PORT/api/incidents?limit=20" | wc -c)
  echo "/api/incidents?limit=20 ($1, answer $bytes bytes) while ingesting $((SERVICES * RATE)) lines/s live ($(( (after - before) / 10 )) lines/s parsed meanwhile):" \
    "$(awk '/Requests\/sec/ {print $2}' "$DIR/latency-wrk.txt") req/s plain," \
    "$(awk '/Requests\/sec/ {print $2}' "$DIR/latency-wrk-gzip.txt") req/s gzip" >&2
}
sleep $((WARMUP / 2))
api_load "no incident yet"
# Once every service has its incident (the benchmark then waits 45 s with the traffic still live).
until [[ $(curl -s "localhost:$PORT/api/incidents?limit=1" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])" 2>/dev/null || echo 0) -ge $SERVICES ]]; do
  kill -0 $BENCH 2>/dev/null || break; sleep 1
done
kill -0 $BENCH 2>/dev/null && api_load "$SERVICES incidents"
wait $BENCH
