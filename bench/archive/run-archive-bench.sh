#!/usr/bin/env bash
# Full-backup archive benchmark: GNU tar + gzip / pigz / zstd against ArchiveBench (Java tar
# over ParallelGzipOutputStream or zstd-jni), then restores of each archive.
#
#   bench/run-archive-bench.sh DATASET_DIR [RUNS]
#
# DATASET_DIR is made by: python3 ../shared/bench/gen-dataset.py create DIR [--scale 0.1]
# Pitfalls handled (see ../shared/bench/README.md):
#  - every create run reads its input warm: the tree is read just before each run;
#  - compressed output goes to tmpfs ($WORK), so disk writeback does not time anything;
#  - every restore goes into a freshly mounted file system (no recently freed inodes): a tmpfs
#    by default, which leaves out disk writeback noise; RESTORE_FS=ext4 uses a loop-mounted ext4;
#  - every measured command runs at nice $NICE (default -10; all tools alike), so that other
#    tenants' builds on this shared machine disturb less;
#  - tools alternate within each round, each compared pair runs back to back, the order
#    reverses every other round, and the summary quotes medians of per-round ratios;
#  - the 1-minute load average is recorded with every measurement: on a shared machine other
#    tenants' load skews wall times by several times; CPU times are far steadier.
# gzip -6 runs in round 1 only (its size is the yardstick; its time is no target).
# Needs root (mount). Writes a CSV and prints a table.
set -euo pipefail

SRC=$(realpath "${1:?usage: $0 DATASET_DIR [RUNS]}")
RUNS=${2:-3}
PARENT=$(dirname "$SRC")
NAME=$(basename "$SRC")
# ArchiveBench lives in the daemon's test sources
REPO=$(cd "$(dirname "$0")/../.." && pwd)
MODULE=$REPO/backupd
WORK=${WORK:-/dev/shm/archive-bench}
IMG=${IMG:-$REPO/bench/data/restore.img}
MNT=${MNT:-$REPO/bench/data/restore-mnt}
RESULTS=${RESULTS:-$REPO/bench/results/archive-$NAME-$(date +%Y%m%d-%H%M%S).csv}
JAVA_OPTS=${JAVA_OPTS:--Xmx128m}
NICE=${NICE:--10}
RESTORE_FS=${RESTORE_FS:-tmpfs}
THREADS=${THREADS:-2}

mkdir -p "$WORK" "$MNT" "$(dirname "$RESULTS")"
(cd "$REPO" && mvn -q -B -pl backupd test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt)
CP="$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$MODULE/target/cp.txt")"
BENCH="java $JAVA_OPTS -cp $CP io.backupd.daemon.backup.full.ArchiveBench"
TAR_SRC="tar -cf - -C $PARENT $NAME"

echo "phase,tool,run,wall_s,user_s,sys_s,maxrss_kb,bytes,jvm_s,jvm_cpu_s,load1" > "$RESULTS"

warm() { $TAR_SRC | cat > /dev/null; }

fresh_fs() {
  if mountpoint -q "$MNT"; then umount "$MNT"; fi
  if [ "$RESTORE_FS" = ext4 ]; then
    rm -f "$IMG"
    truncate -s 6G "$IMG"
    mkfs.ext4 -q -F "$IMG"
    mount -o loop "$IMG" "$MNT"
  else
    mount -t tmpfs -o size=6g tmpfs "$MNT"
  fi
}

release_fs() {
  umount "$MNT"
  sync
}

# measure PHASE TOOL RUN OUTPUT_FILE COMMAND
measure() {
  local phase=$1 tool=$2 run=$3 out=$4 cmd=$5
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  nice -n "$NICE" /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" bash -c "set -o pipefail; $cmd" 2> "$WORK/stderr.txt" \
    || { cat "$WORK/stderr.txt" >&2; exit 1; }
  local wall user sys rss size=0 jvm jvm_cpu
  read -r wall user sys rss < <(tail -n 1 "$WORK/time.txt")
  [ -n "$out" ] && size=$(stat -c %s "$out")
  # ArchiveBench reports each run in the JVM; the last one is the warm one when repeated
  read -r jvm jvm_cpu < <(sed -n 's/.*: \([0-9.]*\) s in JVM, \([0-9.]*\) s cpu/\1 \2/p' "$WORK/stderr.txt" | tail -n 1; echo)
  echo "$phase,$tool,$run,$wall,$user,$sys,$rss,$size,$jvm,$jvm_cpu,$load" >> "$RESULTS"
  printf '  %-8s %-22s run %d: load %5s, %6.2f s wall, %6.2f s cpu, %7d KB rss, %10d bytes %s\n' \
    "$phase" "$tool" "$run" "$load" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$rss" "$size" \
    "${jvm:+(last run in JVM: ${jvm} s wall, ${jvm_cpu} s cpu)}"
}

# CREATE / RESTORE (space-separated tool names) narrow a run to some tools
read -r -a CREATE_TOOLS <<< "${CREATE:-pigz ours-gz ours-gz-warm ours-gz-l5 zstd ours-zst ours-zst-warm}"
create() {
  local tool=$1 run=$2
  case $tool in
    gzip)     measure create gzip "$run" "$WORK/gzip.tar.gz" "$TAR_SRC | gzip -6 > $WORK/gzip.tar.gz" ;;
    pigz)     measure create pigz "$run" "$WORK/pigz.tar.gz" "$TAR_SRC | pigz -6 -p $THREADS > $WORK/pigz.tar.gz" ;;
    zstd)     measure create zstd "$run" "$WORK/zstd.tar.zst" "$TAR_SRC | zstd -q -3 -T$THREADS > $WORK/zstd.tar.zst" ;;
    ours-gz)  measure create ours-gz "$run" "$WORK/ours.tar.gz" "$BENCH create tar.gz $SRC $WORK/ours.tar.gz $THREADS" ;;
    ours-gz-l5) measure create ours-gz-l5 "$run" "$WORK/ours5.tar.gz" "$BENCH create tar.gz $SRC $WORK/ours5.tar.gz $THREADS --level=5" ;;
    ours-zst) measure create ours-zst "$run" "$WORK/ours.tar.zst" "$BENCH create tar.zst $SRC $WORK/ours.tar.zst $THREADS" ;;
    # warm: the same archive written twice in one JVM, the second run timed inside it
    ours-gz-warm)  measure create ours-gz-warm "$run" "$WORK/oursw.tar.gz" "$BENCH create tar.gz $SRC $WORK/oursw.tar.gz $THREADS --repeat=2" ;;
    ours-zst-warm) measure create ours-zst-warm "$run" "$WORK/oursw.tar.zst" "$BENCH create tar.zst $SRC $WORK/oursw.tar.zst $THREADS --repeat=2" ;;
  esac
}

read -r -a RESTORE_TOOLS <<< "${RESTORE-tar-xzf:ours ours-gz:ours ours-gz-warm:ours pigz-dc:ours ours-gz-noindex:ours tar-xzf:gzip tar-zstd:zstd ours-zst:ours ours-zst-warm:ours}"
GZIP_ROUND=${GZIP_ROUND:-1}   # the round that also runs gzip -6 (0: never)
restore() {
  local tool=$1 run=$2
  fresh_fs
  case $tool in
    tar-xzf:gzip)         measure restore "$tool" "$run" "" "tar -xzf $WORK/gzip.tar.gz -C $MNT" ;;
    tar-xzf:ours)         measure restore "$tool" "$run" "" "tar -xzf $WORK/ours.tar.gz -C $MNT" ;;
    pigz-dc:ours)         measure restore "$tool" "$run" "" "pigz -dc -p $THREADS $WORK/ours.tar.gz | tar -xf - -C $MNT" ;;
    ours-gz:ours)         measure restore "$tool" "$run" "" "$BENCH extract tar.gz $WORK/ours.tar.gz $MNT $THREADS" ;;
    ours-gz-noindex:ours) measure restore "$tool" "$run" "" "$BENCH extract tar.gz $WORK/ours.tar.gz $MNT $THREADS --no-index" ;;
    tar-zstd:zstd)        measure restore "$tool" "$run" "" "tar --zstd -xf $WORK/zstd.tar.zst -C $MNT" ;;
    ours-zst:ours)        measure restore "$tool" "$run" "" "$BENCH extract tar.zst $WORK/ours.tar.zst $MNT $THREADS" ;;
    ours-gz-warm:ours)    measure restore "$tool" "$run" "" "$BENCH extract tar.gz $WORK/ours.tar.gz $MNT $THREADS --repeat=2" ;;
    ours-zst-warm:ours)   measure restore "$tool" "$run" "" "$BENCH extract tar.zst $WORK/ours.tar.zst $MNT $THREADS --repeat=2" ;;
  esac
  if [ "$run" = 1 ] && [[ $tool == ours-* ]]; then
    local restored="$MNT/$NAME"
    [[ $tool == *-warm:* ]] && restored="$MNT/rep-2/$NAME"
    diff -r "$SRC" "$restored" > /dev/null || { echo "RESTORE MISMATCH: $tool" >&2; exit 1; }
  fi
  release_fs
}

# in order on odd rounds, reversed on even ones
order() {
  local run=$1; shift
  if (( run % 2 == 1 )); then echo "$@"; else printf '%s\n' "$@" | tac | tr '\n' ' '; fi
}

echo "dataset $SRC ($(du -sh "$SRC" | cut -f1)), $RUNS runs, $THREADS threads, $(nproc) cpus; results in $RESULTS"
for run in $(seq 1 "$RUNS"); do
  echo "round $run: create"
  tools=$(order "$run" "${CREATE_TOOLS[@]}")
  [ "$run" = "$GZIP_ROUND" ] && tools="gzip $tools"
  for tool in $tools; do
    warm
    create "$tool" "$run"
  done
  echo "round $run: restore"
  [ ${#RESTORE_TOOLS[@]} -gt 0 ] || continue
  for tool in $(order "$run" "${RESTORE_TOOLS[@]}"); do
    restore "$tool" "$run"
  done
done
rm -f "$IMG" "$WORK"/*.tar.* "$WORK"/*.txt
python3 "$MODULE/bench/summarize.py" "$RESULTS"
