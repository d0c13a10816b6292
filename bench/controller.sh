#!/usr/bin/env bash
# Controller benchmarks, run by hand (never in CI): planning, notify ingestion, record queries and
# resident memory with 1,000,000 records. See README.md for what each measures and the targets.
#
#   bench/controller.sh plan|ingest|query|all
#
# Environment: RUNS (default 3), INGEST_SECONDS (30), INGEST_WARMUP (30), INGEST_CLIENTS (8),
# INGEST_BATCH (10), INGEST_JVM (-Xmx256m, as docker/systemd/backupctl.service runs it),
# QUERY_JVMS ("default|-Xmx256m|-Xmx256m -XX:+UseSerialGC", '|'-separated; 'default' = no flags),
# QUERY_RECORDS (1000000). Results are appended to bench/results/controller-<date>.txt; data goes
# to bench/data/ (both gitignored). The machine is shared: runs alternate the variants, every
# line carries the load average, quote medians of RUNS.
set -euo pipefail
cd "$(dirname "$0")"

RUNS=${RUNS:-3}
JAR=$(cd .. && pwd)/backupctl/target/backupctl.jar
BENCH=target/bench.jar
OUT=results/controller-$(date +%Y%m%d).txt
mkdir -p results data

build() {
  if [[ ! -f $JAR ]]; then
    echo "missing $JAR: cd .. && mvn -q -B -o install -DskipTests -pl common,cron-engine,backupd,backupctl" >&2
    exit 1
  fi
  if [[ ! -f $BENCH || -n $(find src pom.xml -newer "$BENCH" -print -quit) ]]; then
    mvn -q -B -o -f pom.xml package
  fi
}

note() { echo "# $(date -Is) $* | uptime:$(uptime | sed 's/.*load average/ load average/')" | tee -a "$OUT"; }

plan() {
  for i in $(seq "$RUNS"); do
    note "plan run $i"
    java -cp "$BENCH" io.backupd.bench.PlanBench | tee -a "$OUT"
  done
}

ingest() {
  local jvm=${INGEST_JVM:--Xmx256m} seconds=${INGEST_SECONDS:-30} clients=${INGEST_CLIENTS:-8} batch=${INGEST_BATCH:-10}
  local warmup=${INGEST_WARMUP:-30}   # C2 is still compiling for ~30 s on these machines
  for i in $(seq "$RUNS"); do
    for b in 1 "$batch"; do   # alternate single records and batches
      note "ingest run $i batch=$b"
      rm -rf data/ingest
      java -cp "$BENCH" io.backupd.bench.IngestBench jar="$JAR" data=data/ingest jvm="$jvm"  clients="$clients" \
        batch="$b" warmup="$warmup" seconds="$seconds" | tee -a "$OUT"
    done
  done
  rm -rf data/ingest
}

query() {
  local records=${QUERY_RECORDS:-1000000}
  local dir=data/query-$records
  if [[ ! -f $dir/backupctl.db ]]; then
    note "loading $records records into $dir (once; reused by later runs)"
    rm -rf "$dir"
    java -Xmx2g -cp "$BENCH" io.backupd.bench.RecordLoader dir="$dir" records="$records" | tee -a "$OUT"
  fi
  IFS='|' read -r -a jvms <<< "${QUERY_JVMS:-default|-Xmx256m|-Xmx256m -XX:+UseSerialGC}"
  for i in $(seq "$RUNS"); do
    for jvm in "${jvms[@]}"; do   # alternate the JVM flag sets
      [[ $jvm == default ]] && jvm=""
      note "query run $i jvm=[$jvm]"
      java -cp "$BENCH" io.backupd.bench.QueryBench jar="$JAR" dir="$dir" jvm="$jvm" | tee -a "$OUT"
    done
  done
}

build
case "${1:-all}" in
  plan) plan ;;
  ingest) ingest ;;
  query) query ;;
  all) plan; ingest; query ;;
  *) echo "usage: $0 plan|ingest|query|all" >&2; exit 2 ;;
esac
