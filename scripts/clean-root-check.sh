#!/usr/bin/env bash
# Checks the README's two commands on a fresh machine: builds a minimal Debian bookworm root
# with only JDK 17, Maven and CA certificates added, puts a clean clone of this repository's
# committed HEAD into it (no work tree, no build output, an empty ~/.m2), and runs inside it
#   1. scripts/test.sh        (the whole suite, as CI runs it), then
#   2. scripts/quickstart.sh  (the main job), until the API shows its first success record.
# Needs root (mmdebstrap, chroot, mounts), network to Debian's mirror and Maven Central, and
# git. docs/clean-root-check.md explains the steps and holds the last result.
#
#   usage: sudo scripts/clean-root-check.sh [WORK_DIR]     (default: a new /var/tmp/backupd-clean-root.*)
#   QUICKSTART_ADDR (default 127.0.0.1:19002) is where the quick start listens inside the root;
#   QUICKSTART_DEADLINE (default 600) is how many seconds it may take to show a success record.
# Leaves WORK_DIR/test.log, WORK_DIR/quickstart.log and WORK_DIR/summary.txt; removes the root.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d /var/tmp/backupd-clean-root.XXXXXX)}
addr=${QUICKSTART_ADDR:-127.0.0.1:19002}
deadline=${QUICKSTART_DEADLINE:-600}
root=$work/root
mkdir -p "$work"

[[ $(id -u) -eq 0 ]] || { echo "run as root: it builds a root file system and chroots into it" >&2; exit 1; }
if ! command -v mmdebstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
fi

mounted=()
quickstart_pid=
cleanup() {
  if [[ -n $quickstart_pid ]]; then
    # its own process group (setsid): the quick start and whatever it started, maven included
    kill -- -"$quickstart_pid" 2>/dev/null || true
    wait "$quickstart_pid" 2>/dev/null || true
  fi
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount "${mounted[i]}" 2>/dev/null || umount -l "${mounted[i]}" || true
  done
  # never remove a root something is still mounted in: that would reach into the host
  if [[ -d $root ]] && ! grep -qE " $root(/| )" /proc/mounts; then
    rm -rf "$root"
  fi
}
trap cleanup EXIT

mount_in() { # mount_in TARGET MOUNT-ARGS...: mounts at TARGET inside the root, undone by cleanup
  local target=$root${1:+/$1}
  shift
  mkdir -p "$target"
  mount "$@" "$target"
  mounted+=("$target")
}

echo "== building a bookworm root in $root"
start=$(date +%s)
mmdebstrap --variant=apt --include=openjdk-17-jdk-headless,maven,ca-certificates \
  bookworm "$root" >"$work/mmdebstrap.log" 2>&1
cp /etc/resolv.conf "$root/etc/resolv.conf"
echo "   $(($(date +%s) - start)) s"

# the commit is fixed here: the repository may move on while the check runs
commit=$(git -C "$repo" rev-parse HEAD)
echo "== cloning HEAD (${commit:0:7}) into /root/backupd"
git clone -q --no-local "$repo" "$root/root/backupd"
git -C "$root/root/backupd" checkout -q --detach "$commit"

# the root itself a mount point, so that it has an entry in the root's /proc/self/mounts: Java
# finds a path's file store (free space) there, and fails for a path on no listed mount
mount_in "" --bind "$root"
mount_in proc -t proc proc
mount_in sys -t sysfs sysfs
mount_in dev/pts -t devpts -o newinstance,ptmxmode=0666 devpts
mount_in dev/shm -t tmpfs -o mode=1777 tmpfs

# A network that reaches the mirrors only through a TLS-inspecting proxy needs that proxy's CA,
# which a host keeps in /usr/local/share/ca-certificates: the root gets the same ones
# (also into Java's trust store, which update-ca-certificates rebuilds), and nothing else.
shopt -s nullglob
local_cas=(/usr/local/share/ca-certificates/*.crt)
shopt -u nullglob
if ((${#local_cas[@]})); then
  echo "== trusting the host's local CAs in the root: ${local_cas[*]##*/}"
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp "${local_cas[@]}" "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >"$work/ca.log" 2>&1
fi

# a login-like environment, nothing of the host's
root_env=(/usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin)
in_root() { # in_root COMMAND: runs COMMAND with bash in the repo's clone
  chroot "$root" "${root_env[@]}" bash -c "cd /root/backupd && $1"
}

echo "== 1. scripts/test.sh (log: $work/test.log)"
start=$(date +%s)
set +e
in_root scripts/test.sh >"$work/test.log" 2>&1
test_rc=$?
set -e
test_seconds=$(($(date +%s) - start))
# surefire and failsafe print one "Tests run: N, Failures: ..." total per module; the per-class
# lines are the ones with "Time elapsed"
test_totals=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run:' "$work/test.log" | grep -v 'Time elapsed' || true)
test_count=$(awk -F'[ ,]+' '{for (i = 1; i < NF; i++) if ($i == "run:") n += $(i + 1)} END {print n + 0}' <<<"$test_totals")
echo "   exit $test_rc after $test_seconds s, $test_count tests"
echo "$test_totals" | sed 's/^/   /'

echo "== 2. scripts/quickstart.sh on $addr (log: $work/quickstart.log)"
start=$(date +%s)
# in a session of its own (setsid), so that stopping it stops everything it started
setsid chroot "$root" "${root_env[@]}" bash -c "cd /root/backupd && BACKUPD_ADDR=$addr exec scripts/quickstart.sh" \
  >"$work/quickstart.log" 2>&1 &
quickstart_pid=$!
quickstart_rc=1
records=http://$addr/api/v2/app/hello/cron/records
while (($(date +%s) - start < deadline)); do
  if ! kill -0 "$quickstart_pid" 2>/dev/null; then
    echo "   the quick start exited early; see $work/quickstart.log" >&2
    break
  fi
  # curl runs inside the root: install-deps.sh, run by test.sh, is what put it there
  if in_root "curl -sf '$records'" 2>/dev/null | grep -q '"state" *: *"success"'; then
    quickstart_rc=0
    break
  fi
  sleep 2
done
quickstart_seconds=$(($(date +%s) - start))
if ((quickstart_rc == 0)); then
  echo "   a success record after $quickstart_seconds s:"
  in_root "curl -sf '$records?total=1'" | head -c 600 | sed 's/^/   /'
  echo
else
  echo "   no success record within $quickstart_seconds s" >&2
fi

{
  echo "commit $commit"
  echo "test.sh: exit $test_rc, $test_seconds s, $test_count tests"
  echo "$test_totals"
  echo "quickstart.sh: $( ((quickstart_rc == 0)) && echo "success record after $quickstart_seconds s" || echo "FAILED after $quickstart_seconds s")"
} >"$work/summary.txt"
echo "== summary ($work/summary.txt)"
cat "$work/summary.txt"
((test_rc == 0 && quickstart_rc == 0))
