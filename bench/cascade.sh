#!/usr/bin/env bash
# Cascade benchmark (docs/benchmarks.md, "Cascade: one room over several media nodes"): one room
# over 1, 2, 3 media nodes in one JVM over 127.0.0.1 (io.liveroom.media.engine.CascadeBench,
# media-node test code: real ICE/DTLS/SRTP, the origin relaying to the edges over real relay links,
# receive-only players that decrypt and count).
#   bench/cascade.sh [nodes=1,2,3] [players per node=40] [seconds=10] [packets/s=300]
# Environment: CASCADE_JAVA_OPTS (default -Xmx1g). Never run by mvn verify.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CPFILE=$ROOT/media-node/target/cascade-bench-classpath.txt
if [ ! -f "$CPFILE" ] || [ ! -f "$ROOT/media-node/target/test-classes/io/liveroom/media/engine/CascadeBench.class" ]; then
  echo "building the cascade bench (media-node test classes) ..." >&2
  mvn -B -q -pl media-node -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test
fi
CP="$ROOT/media-node/target/test-classes:$ROOT/media-node/target/classes:$ROOT/infra/target/classes:$(cat "$CPFILE")"
# shellcheck disable=SC2086
exec java ${CASCADE_JAVA_OPTS:--Xmx1g} -Dice4j.harvest.mapping.aws.enabled=false -cp "$CP" \
  io.liveroom.media.engine.CascadeBench "${1:-1,2,3}" "${2:-40}" "${3:-10}" "${4:-300}"
