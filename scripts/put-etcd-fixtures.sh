#!/usr/bin/env bash
# Loads the deployd pod group fixtures into etcd, each under
# /lain/deployd/pod_groups/<app>/<file name without .json>, as
# backupctl/src/test/resources/fixtures/etcd/README.md shows.
#   usage: put-etcd-fixtures.sh ENDPOINT   e.g. put-etcd-fixtures.sh http://127.0.0.1:2379
#   FIXTURES=<dir> overrides where the *.json files are read from.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 ENDPOINT   (e.g. http://127.0.0.1:2379)" >&2
  exit 2
fi
endpoint=$1
fixtures=${FIXTURES:-$(cd "$(dirname "$0")/.." && pwd)/backupctl/src/test/resources/fixtures/etcd}
command -v etcdctl >/dev/null 2>&1 || { echo "etcdctl not found: apt-get install etcd-client" >&2; exit 1; }

shopt -s nullglob
files=("$fixtures"/*.json)
if ((${#files[@]} == 0)); then
  echo "no *.json fixtures in $fixtures" >&2
  exit 1
fi
for file in "${files[@]}"; do
  proc=$(basename "$file" .json)   # app.type.name
  key=/lain/deployd/pod_groups/${proc%%.*}/$proc
  ETCDCTL_API=3 etcdctl --endpoints="$endpoint" put "$key" "$(cat "$file")" >/dev/null
  echo "put $key"
done
