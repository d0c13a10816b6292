#!/usr/bin/env bash
# Installs every external program the build, the tests and scripts/ run, beyond JDK 17 and
# Maven (bench/daemon.sh installs the bench's own: restic, rsync, time, python3). Idempotent;
# installs only what is missing, so a machine that has everything is left alone. Tests never
# skip when a program is missing: they fail, so this list is what a fresh machine needs.
# (sh, cp, sync, find and the rest of coreutils and findutils are Essential in Debian: always there.)
set -euo pipefail

need=()
want() { # want PROGRAM PACKAGE: PACKAGE provides PROGRAM
  command -v "$1" >/dev/null 2>&1 || need+=("$2")
}
# full archives are checked with GNU tar (-z, --zstd, --format=posix|gnu, -S)
want tar tar
want gzip gzip
# gzip archives of several members, as pigz writes them, must restore too
want pigz pigz
# tar.zst backups are checked with the real zstd (and tar --zstd, which runs it)
want zstd zstd
# restore tests compare trees with diff -r --no-dereference
want diff diffutils
# the controller's etcd tests and the cluster end-to-end tests run a real etcd server on loopback
want etcd etcd-server
want etcdctl etcd-client
# scripts/clean-root-check.sh asks the quick start's API for its first success record
want curl curl

if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing: ${need[*]}; install them (as root: apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

command -v java >/dev/null 2>&1 || { echo "java (JDK 17) is required" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "mvn (Maven) is required" >&2; exit 1; }
