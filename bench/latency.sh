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
  io.gatescope.web.bench.DetectionLatencyBenchmark 127.0.0.1:$KPORT "http://localhost:$PORT" "$SERVICES" "$WARMUP" "$RATE"
