#!/usr/bin/env bash
# Runs backupd standalone on the bundled example: builds the jars if they are missing or older
# than the sources, seeds the example volumes once, and serves the API on 127.0.0.1:9002, or on
# BACKUPD_ADDR when set (BACKUPD_ADDR=127.0.0.1:9100 scripts/quickstart.sh).
# State (volumes, backups, database) lives in .quickstart/; delete it to start over.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=backupctl/target/backupctl.jar
if [[ ! -f $jar ]] || [[ -n $(find pom.xml common http-edge cron-engine backupd backupctl -newer "$jar" \
      \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -print -quit) ]]; then
  echo "building (first run takes a minute or two)..."
  mvn -q -B -ntp -DskipTests package
fi

state=.quickstart
if [[ ! -d $state/volumes ]]; then
  mkdir -p "$state"
  cp -r examples/volumes "$state/volumes"
fi

exec java -jar "$jar" standalone --apps examples/apps --data "$state" --addr "${BACKUPD_ADDR:-127.0.0.1:9002}"
