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
# "busy" adds two backups at once and a backup beside a restore, for the daemon's memory;
# "manyfiles" runs the full and inc scenarios again, with a fresh daemon, on a volume of MANYFILES
# (1000000) files of 0-2 KiB in folders of 1,000 made by bench/gen-manyfiles.py in
# bench/data/manyfiles-$MANYFILES, mutated by 1 % of its files, full backups against tar | pigz only), DAEMON_JVM (-Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000, as
# docker/systemd/backupd.service runs it), THREADS (2: pigz -p / zstd -T), RESTORE_FS (tmpfs | ext4),
# VERIFY (first | all | none: compare restored trees with the source, untimed), NICE (-10: the driver,
# the daemon and every peer run at this nice value), POLL_MS (1000: polling safety net beside the
# pushed records), KEEP (false: keep bench/data/daemon-work afterwards), FULL_TOOLS (comma-separated
# subset of the full-backup tools, e.g. "ours,ours-zst,tar-zstd"; "ours" is needed for the restores),
# DAEMON_MALLOC_ARENA_MAX (2, as the systemd unit sets MALLOC_ARENA_MAX; empty: glibc's default).
# Writes bench/results/daemon-s$SCALE-<time>.csv (manyfiles: daemon-manyfiles-$MANYFILES-<time>.csv), each
# with its .backupd.log, and prints a summary table per run; see
# bench/README.md, "Daemon (daemon.sh)".
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
REPO=$(dirname "$BENCH")
cd "$REPO"

RUNS=${RUNS:-3}
SCALE=${SCALE:-1}
DATASET=${DATASET:-$BENCH/data/dataset-s$SCALE}
GEN=${GEN:-$BENCH/gen-dataset.py}
JAR=$REPO/backupd/target/backupd.jar
BENCH_JAR=$BENCH/target/bench.jar
STAMP=$(date +%Y%m%d-%H%M%S)
SCENARIOS=${SCENARIOS:-full,inc}
MANYFILES=${MANYFILES:-1000000}
# the groups of the regular dataset, without manyfiles (which gets a run of its own)
GROUPS_REGULAR=$(tr ',' '\n' <<< "$SCENARIOS" | grep -vx manyfiles | paste -sd, || true)

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

# a dataset made once (same seed, same bytes) and reused; the marker beside it says it is complete
make_once() { # dir, command...
  local dir=$1; shift
  if [[ ! -f $dir.complete ]]; then
    echo "generating $dir"
    rm -rf "$dir"
    "$@"
    touch "$dir.complete"
  fi
}

# one DaemonBench run (its own daemon process): dataset, generator (for mutate), results, groups, extra args
bench() {
  local dataset=$1 gen=$2 results=$3 groups=$4; shift 4
  echo "# $(date -Is) daemon bench, RUNS=$RUNS dataset=$dataset scenarios=$groups | uptime:$(uptime | sed 's/.*load average/ load average/')"
  nice -n "${NICE:--10}" java -Xmx512m -cp "$BENCH_JAR" io.backupd.bench.daemon.DaemonBench \
    jar="$JAR" dataset="$dataset" gen="$gen" results="$results" work="${WORK:-$BENCH/data/daemon-work}" \
    runs="$RUNS" jvm="${DAEMON_JVM:--Xmx160m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000}" threads="${THREADS:-2}" restoreFs="${RESTORE_FS:-tmpfs}" \
    verify="${VERIFY:-first}" scenarios="$groups" mallocArenas="${DAEMON_MALLOC_ARENA_MAX-2}" poll="${POLL_MS:-1000}" keep="${KEEP:-false}" "$@"
}

mkdir -p "$BENCH/results"
if [[ -n $GROUPS_REGULAR ]]; then
  scale=()
  [[ $SCALE != 1 ]] && scale=(--scale "$SCALE")
  make_once "$DATASET" python3 "$GEN" create "$DATASET" "${scale[@]}"
  bench "$DATASET" "$GEN" "$BENCH/results/daemon-s$SCALE-$STAMP.csv" "$GROUPS_REGULAR" fullTools="${FULL_TOOLS:-}"
fi
if grep -qx manyfiles <<< "$(tr ',' '\n' <<< "$SCENARIOS")"; then
  MF_GEN=$BENCH/gen-manyfiles.py
  MF_DATASET=${MANYFILES_DATASET:-$BENCH/data/manyfiles-$MANYFILES}
  make_once "$MF_DATASET" python3 "$MF_GEN" create "$MF_DATASET" --files "$MANYFILES"
  # tmpfs keeps every small file in whole pages: size the restore file systems by blocks, not bytes
  mf_restore_mib=$(( $(du -sm "$MF_DATASET" | cut -f1) * 2 + 256 ))
  bench "$MF_DATASET" "$MF_GEN" "$BENCH/results/daemon-manyfiles-$MANYFILES-$STAMP.csv" full,inc \
    fullTools=ours,tar-pigz restoreMiB="$mf_restore_mib"
fi
