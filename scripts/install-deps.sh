#!/usr/bin/env bash
# Installs what the build and the tests need beyond JDK 17 and Maven. Idempotent; installs
# only what is missing, so a machine that has everything is left alone.
set -euo pipefail

need=()
command -v tar >/dev/null 2>&1 || need+=(tar)
command -v gzip >/dev/null 2>&1 || need+=(gzip)
# tar.zst backups are checked with the real zstd (and tar --zstd, which runs it)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
# the controller's etcd tests run a real etcd server on loopback
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)

if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing: ${need[*]}; install them (as root: apt-get install -y ${need[*]})" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

command -v java >/dev/null 2>&1 || { echo "java (JDK 17) is required" >&2; exit 1; }
command -v mvn >/dev/null 2>&1 || { echo "mvn (Maven) is required" >&2; exit 1; }
