#!/usr/bin/env bash
# Reliability under load, against a running demo (broker, job, index, web in one JVM plus the
# broker's): bench/LoadGen.java writes live nginx lines (1 % 502s with their error lines).
#  1. Steps: the rate doubles every minute (from STEP0 lines/s); the highest rate at which the
#     analyzer's lag (lines in the topic not yet parsed) stays under 2 s of input is kept.
#  2. Burst: 60 s at 10x that rate; nothing lost (every line parsed, the process alive), and the
#     time from the burst's end until the lag is back to zero.
#  3. API: /api/incidents latency percentiles (wrk --latency) under the kept rate while ingesting.
#  4. Soak: SOAK_MINUTES at half the kept rate; heap used, threads and open files every 30 s.
# Usage: [STEP0=5000] [SOAK_MINUTES=30] bash bench/reliability.sh   (prints Markdown tables)
set -euo pipefail
cd "$(dirname "$0")/.."
STEP0=${STEP0:-5000}; SOAK=${SOAK_MINUTES:-30}
PORT=18381; KPORT=19593; DATA=$(mktemp -d); OUT=bench-data/reliability; mkdir -p "$OUT"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
./gatescope demo --no-replay --port $PORT --kafka-port $KPORT --data "$DATA" > "$OUT/demo.log" 2>&1 &
DEMO=$!
trap 'kill $DEMO 2>/dev/null; wait $DEMO 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do curl -sf "localhost:$PORT/api/health" >/dev/null && break; sleep 1; done
JPID=$(pgrep -f "GatescopeCommand demo --no-replay --port $PORT" | head -1)
metric() { curl -s "localhost:$PORT/metrics" | awk -v m="$1" '$1==m {printf "%d", $2}'; }
lag() { local i p; i=$(metric gatescope_lines_in); p=$(metric gatescope_lines_parsed); echo $(( ${i:-0} - ${p:-0} )); }
load() { java -cp "web/target/lib/*" bench/LoadGen.java 127.0.0.1:$KPORT gatescope.raw "$1" "$2" "${3:-load}" > /dev/null; }

echo "## Steps (1 minute each)"
echo "| lines/s | lag at the end of the step (lines) | kept |"
echo "|---|---|---|"
rate=$STEP0; kept=0
while :; do
  load $rate 60
  sleep 2 # the metrics refresh every 1-5 s
  l=$(lag); ok=$(( l < 2 * rate ))
  echo "| $rate | $l | $([[ $ok == 1 ]] && echo yes || echo no) |"
  [[ $ok == 1 ]] || break
  kept=$rate; rate=$((rate * 2))
  # let the backlog of this step drain before the next
  for _ in $(seq 1 120); do [[ $(lag) -le 0 ]] && break; sleep 1; done
done
for _ in $(seq 1 600); do [[ $(lag) -le 0 ]] && break; sleep 1; done

echo; echo "## Burst: 60 s at 10 x $kept lines/s"
before=$(metric gatescope_lines_in)
load $((kept * 10)) 60 burst
t0=$(date +%s.%N)
for _ in $(seq 1 1800); do [[ $(lag) -le 0 ]] && break; sleep 1; done
t1=$(date +%s.%N)
after_in=$(metric gatescope_lines_in); after_parsed=$(metric gatescope_lines_parsed)
alive=$(kill -0 "$JPID" 2>/dev/null && echo yes || echo NO)
echo "| lines sent in the burst | parsed == in afterwards | process alive | drain time after the burst |"
echo "|---|---|---|---|"
echo "| $((after_in - before)) | $([[ $after_in == "$after_parsed" ]] && echo yes || echo "NO ($after_parsed of $after_in)") | $alive | $(python3 -c "print(f'{$t1-$t0:.1f} s')") |"

echo; echo "## API under load ($kept lines/s while wrk runs 30 s, 16 connections)"
load $kept 40 api &
LG=$!
sleep 5
wrk -t2 -c16 -d30s --latency "http://localhost:$PORT/api/incidents?limit=20" > "$OUT/wrk.txt" 2>&1 || true
wait $LG
python3 - "$OUT/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
pct = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", t, re.M))
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
print("| req/s | p50 | p90 | p99 |")
print("|---|---|---|---|")
print(f"| {rps.group(1) if rps else '?'} | {pct.get('50','?')} | {pct.get('90','?')} | {pct.get('99','?')} |")
PY

echo; echo "## Soak: $SOAK minutes at $((kept / 2)) lines/s"
load $((kept / 2)) $((SOAK * 60)) soak &
LG=$!
echo "| minute | heap used MiB | threads | open files | lag |"
echo "|---|---|---|---|---|"
for m in $(seq 0 $((SOAK * 2))); do
  heap=$(curl -s "localhost:$PORT/metrics" | awk 'index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 {s+=$NF} END {printf "%d", s/1048576}')
  thr=$(ps -o nlwp= -p "$JPID" | tr -d ' '); fds=$(ls /proc/"$JPID"/fd | wc -l)
  (( m % 2 == 0 )) && echo "| $((m / 2)) | $heap | $thr | $fds | $(lag) |"
  sleep 30
done
wait $LG
