#!/usr/bin/env bash
# End-to-end benchmark of `gatescope analyze` against lnav and GoAccess on the same file.
# Usage: bash bench/analyze.sh [LINES]   (default 5,000,000). Needs python3; installs lnav,
# goaccess and GNU time from Debian if missing. Prints a Markdown table.
# MIX=1 bash bench/analyze.sh [LINES]: gatescope alone on the access log plus as many upstream and
# platform lines (bench/generate_upstream_mix.py), half of the input.
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-5000000}
DIR=bench-data
mkdir -p "$DIR"
LOG="$DIR/access-$LINES.log"
[[ -f "$LOG" ]] || { echo "generating $LINES lines..." >&2; python3 bench/generate_nginx.py "$LOG" "$LINES"; }
missing=()
command -v lnav >/dev/null || missing+=(lnav)
command -v goaccess >/dev/null || missing+=(goaccess)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi
./gatescope --version >/dev/null
if [[ "${MIX:-0}" == 1 ]]; then
  UP="$DIR/upstream-$LINES"
  [[ -d "$UP" ]] || { echo "generating $LINES upstream lines..." >&2; python3 bench/generate_upstream_mix.py "$UP" "$LINES"; }
  /usr/bin/time -f "%e %M" -o "$DIR/mix.time" ./gatescope analyze --json "$LOG" "$UP" > "$DIR/mix.out" 2> "$DIR/mix.err"
  read -r m_s m_kb < <(tail -1 "$DIR/mix.time")
  echo "| input | seconds | M lines/s | peak RSS MiB |"
  echo "|---|---|---|---|"
  echo "| $LINES access + $LINES upstream lines | $m_s | $(python3 -c "print(f'{2*$LINES/$m_s/1e6:.2f}')") | $((m_kb/1024)) |"
  python3 - "$DIR/mix.out" <<'PY'
import json,sys
d=json.load(open(sys.argv[1]))
print("lines", d["summary"]["lines"], "rejected", d["summary"]["rejected"])
for i in d["incidents"]:
    c = i["causes"][0]
    print("incident:", i["service"], i["start"], c["cause"], (c.get("trigger") or {}).get("kind"))
PY
  exit 0
fi
run() { # name, command...: prints "seconds maxRSS_kB"
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$DIR/$name.time" "$@" > "$DIR/$name.out" 2> "$DIR/$name.err" || { echo "$name failed, see $DIR/$name.err" >&2; }
  cat "$DIR/$name.time" | tail -1
}
read -r g_s g_kb < <(run gatescope ./gatescope analyze --json "$LOG")
read -r l_s l_kb < <(run lnav lnav -n -c ";SELECT count(*) FROM access_log WHERE sc_status = 502" "$LOG")
read -r a_s a_kb < <(run goaccess goaccess "$LOG" --log-format=COMBINED -o json)
rate() { python3 -c "print(f'{$LINES/$1/1e6:.2f}')"; }
echo "| tool | seconds | M lines/s | peak RSS MiB |"
echo "|---|---|---|---|"
echo "| gatescope analyze (start-up included) | $g_s | $(rate $g_s) | $((g_kb/1024)) |"
echo "| lnav (SQL count of 502s) | $l_s | $(rate $l_s) | $((l_kb/1024)) |"
echo "| goaccess (JSON report) | $a_s | $(rate $a_s) | $((a_kb/1024)) |"
python3 -c "print(f'ratios: {float(\"$l_s\")/float(\"$g_s\"):.1f}x lnav, {float(\"$a_s\")/float(\"$g_s\"):.1f}x goaccess')"
python3 - "$DIR/gatescope.out" <<'PY'
import json,sys
d=json.load(open(sys.argv[1]))
print("incidents found:", [(i["service"], i["start"], i["end"], i["causes"][0]["cause"]) for i in d["incidents"]])
PY
