#!/usr/bin/env bash
# JMH parser benchmarks (lines/s per core, bytes allocated per line). Usage: bash bench/parsers.sh [JMH args]
# BENCH=FormatCompilerBenchmark bash bench/parsers.sh: the cost of compiling a log_format once.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl ingest -am -DskipTests -Dspotless.check.skip=true test-compile install >/dev/null
mvn -B -q -pl ingest dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/ingest/target/bench-cp.txt" >/dev/null
mkdir -p target
CP="ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/bench-cp.txt)"
java -cp "$CP" org.openjdk.jmh.Main "${BENCH:-ParserBenchmark}" -prof gc -rf json -rff target/jmh-parsers.json "$@"
