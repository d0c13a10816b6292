#!/usr/bin/env bash
# Backup and restore through a real, running backupd daemon — timed from the HTTP request to the
# finished record — against GNU tar + gzip / pigz / zstd, restic and rsync, in the same rounds.
# Run by hand, as root (restores go into freshly mounted file systems); never in CI.
#
#   bench/daemon.sh                       # full-size dataset (~1.1 GB), RUNS=3
#   SCALE=0.1 RUNS=1 bench/daemon.sh      # quick: ~110 MB, one round
#
# Environment: RUNS (3), SCALE (1 = the full ~1.1 GB dataset), DATASET (a dataset folder to use
# instead of bench/data/dataset-s$SCALE), SCENARIOS ("full,inc";
# "busy" adds two backups at once and a backup beside a restore, for the daemon's memory), DAEMON_JVM (-Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000, as
# docker/systemd/backupd.service runs it), THREADS (2: pigz -p / zstd -T), RESTORE_FS (tmpfs | ext4),
# VERIFY (first | all | none: compare restored trees with the source, untimed), NICE (-10: the driver,
# the daemon and every peer run at this nice value), POLL_MS (1000: polling safety net beside the
# pushed records), KEEP (false: keep bench/data/daemon-work afterwards), FULL_TOOLS (comma-separated
# subset of the full-backup tools, e.g. "ours,ours-zst,tar-zstd"; "ours" is needed for the restores),
# DAEMON_MALLOC_ARENA_MAX (2, as the systemd unit sets MALLOC_ARENA_MAX; empty: glibc's default).
# Writes bench/results/daemon-s$SCALE-<time>.csv (+ .backupd.log) and prints a summary table; see
# bench/README.md, "Daemon (daemon.sh)".
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
cd "$REPO"

RUNS=${RUNS:-3}
SCALE=${SCALE:-1}
DATASET=${DATASET:-$BENCH/data/dataset-s$SCALE}
GEN=${GEN:-$(dirname "$REPO")/shared/bench/gen-dataset.py}   # ../shared beside the repo root
JAR=$REPO/backupd/target/backupd.jar
BENCH_JAR=$BENCH/target/bench.jar
RESULTS=$BENCH/results/daemon-s$SCALE-$(date +%Y%m%d-%H%M%S).csv

if [[ $(id -u) != 0 ]]; then
  echo "run as root: restores mount a fresh tmpfs / ext4 for every run" >&2
  exit 1
fi

# the peers (Debian packages); mkfs.ext4 only for RESTORE_FS=ext4
missing=()
for tool in pigz:pigz zstd:zstd restic:restic rsync:rsync /usr/bin/time:time python3:python3 diff:diffutils; do
  command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
done
if [[ ${RESTORE_FS:-tmpfs} == ext4 ]] && ! command -v mkfs.ext4 > /dev/null; then missing+=(e2fsprogs); fi
if (( ${#missing[@]} )); then
  echo "installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# the daemon jar (whole reactor, tests skipped) and bench.jar, when a source is newer than them
if [[ ! -f $JAR || -n $(find common cron-engine backupd pom.xml -newer "$JAR" -name '*.java' -print -quit) ]]; then
  mvn -q -B -o -DskipTests package
fi
if [[ ! -f $BENCH_JAR || -n $(find bench/src bench/pom.xml -newer "$BENCH_JAR" -print -quit) ]]; then
  mvn -q -B -o -f bench/pom.xml package
fi

# the dataset, made once per scale and reused (same seed, same bytes); the marker sits beside it
if [[ ! -f $DATASET.complete ]]; then
  echo "generating the dataset (scale $SCALE) in $DATASET"
  rm -rf "$DATASET"
  scale=()
  [[ $SCALE != 1 ]] && scale=(--scale "$SCALE")
  python3 "$GEN" create "$DATASET" "${scale[@]}"
  touch "$DATASET.complete"
fi

mkdir -p "$BENCH/results"
echo "# $(date -Is) daemon bench, RUNS=$RUNS SCALE=$SCALE | uptime:$(uptime | sed 's/.*load average/ load average/')"
nice -n "${NICE:--10}" java -Xmx512m -cp "$BENCH_JAR" io.backupd.bench.daemon.DaemonBench \
  jar="$JAR" dataset="$DATASET" gen="$GEN" results="$RESULTS" work="${WORK:-$BENCH/data/daemon-work}" \
  runs="$RUNS" jvm="${DAEMON_JVM:--Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}" threads="${THREADS:-2}" restoreFs="${RESTORE_FS:-tmpfs}" \
  verify="${VERIFY:-first}" scenarios="${SCENARIOS:-full,inc}" fullTools="${FULL_TOOLS:-}" mallocArenas="${DAEMON_MALLOC_ARENA_MAX-2}" poll="${POLL_MS:-1000}" keep="${KEEP:-false}"
