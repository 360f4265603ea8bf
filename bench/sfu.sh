#!/usr/bin/env bash
# SFU benchmarks (docs/benchmarks.md, S3/S4): one liveroom process (server pinned to SERVER_CPU),
# the load tool (io.liveroom.media.engine.SfuBench, media-node test code: receive-only Java WebRTC
# players that decrypt and count, a synthetic VP8+Opus publisher) pinned to TOOL_CPU, over WHIP/WHEP.
#   bench/sfu.sh s3|s4 [--quick] [--runs N]     (also reached as bench/run.sh s3|s4)
# Environment: LIVEROOM_JAR, LIVEROOM_JAVA_OPTS, SERVER_CPU (0), TOOL_CPU (1), LIVEROOM_PORT (18080),
#   S3_PLAYERS (default 10,50,200), S3_SECONDS (20), S4_PLAYERS (100),
#   TARGETS (default "liveroom janus" when /usr/bin/janus exists and this runs as root, else liveroom).
# Target "janus": Janus (VideoRoom plugin, HTTP API) in a network namespace the script makes with
# a veth pair, and the load tool in that namespace too (bench/janus-peer.sh: JANUS_ADDR, JANUS_PORT,
# JANUS_DEBUG_LEVEL ...); the namespace is removed at exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCENARIO=${1:-s3}
shift || true
QUICK=""
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=yes; RUNS=1 ;;
    --runs) RUNS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$SCENARIO" in s3|s4) ;; *) echo "usage: bench/sfu.sh s3|s4 [--quick] [--runs N]" >&2; exit 2 ;; esac
SERVER_CPU=${SERVER_CPU:-0}
TOOL_CPU=${TOOL_CPU:-1}
LIVEROOM_PORT=${LIVEROOM_PORT:-18080}
LIVEROOM_JAR=${LIVEROOM_JAR:-$ROOT/launcher/target/liveroom.jar}
LIVEROOM_JAVA_OPTS=${LIVEROOM_JAVA_OPTS:--Xms512m -Xmx2g -XX:MetaspaceSize=128m}
source "$ROOT/bench/janus-peer.sh"
if [ -z "${TARGETS:-}" ]; then
  TARGETS=liveroom
  if [ -x "$JANUS_BIN" ] && [ "$(id -u)" = 0 ]; then TARGETS="liveroom janus"; fi
fi
TARGETS=${TARGETS//,/ }
S3_PLAYERS=${S3_PLAYERS:-10,50,200}
S3_SECONDS=${S3_SECONDS:-20}
S4_PLAYERS=${S4_PLAYERS:-100}
if [ -n "$QUICK" ]; then S3_SECONDS=${S3_QUICK_SECONDS:-5}; fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -c 0
TASKSET=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then TASKSET=yes; else echo "warning: no taskset or 1 CPU: not pinned" >&2; fi
pin() { if [ -n "$TASKSET" ]; then taskset -c "$1" "${@:2}"; else "${@:2}"; fi; }

if [ ! -f "$LIVEROOM_JAR" ]; then
  echo "building liveroom (mvn package) ..." >&2
  mvn -B -q package -DskipTests -pl launcher -am
fi
CPFILE=$ROOT/media-node/target/sfu-bench-classpath.txt
TOOL_CLASS=$ROOT/media-node/target/test-classes/io/liveroom/media/engine/SfuBench.class
if [ ! -f "$CPFILE" ] || [ ! -f "$TOOL_CLASS" ] \
    || [ -n "$(find "$ROOT/media-node/src/test/java/io/liveroom/media/engine" -newer "$TOOL_CLASS" -type f | head -1)" ]; then
  echo "building the SFU load tool (media-node test classes) ..." >&2
  mvn -B -q -pl media-node -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$CPFILE" -Dmdep.includeScope=test
fi
CP="$ROOT/media-node/target/test-classes:$ROOT/media-node/target/classes:$ROOT/infra/target/classes:$(cat "$CPFILE")"

OUT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-$SCENARIO${QUICK:+-quick}
mkdir -p "$OUT"
SERVER_PID=""
stop_server() {
  if [ -z "$SERVER_PID" ]; then return 0; fi
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
trap 'stop_server || true; netns_down' EXIT
trap 'exit 130' INT TERM
if [[ " $TARGETS " == *" janus "* ]]; then
  if [ ! -x "$JANUS_BIN" ]; then echo "janus is not installed ($JANUS_BIN): apt-get install -y janus" >&2; exit 1; fi
  netns_up
  janus_config "$OUT/janus-config"
fi
wait_http() {
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server did not come up at $1" >&2; return 1
}

for run in $(seq 1 "$RUNS"); do
  for target in $TARGETS; do
    case "$target" in
      liveroom)
        if curl -s -o /dev/null "http://127.0.0.1:$LIVEROOM_PORT/health"; then echo "port $LIVEROOM_PORT is in use" >&2; exit 1; fi
        echo "== $SCENARIO $target run $run/$RUNS" >&2
        # dev mode (tokens from /dev/token), media on 127.0.0.1; the server alone on its core
        if [ -n "$TASKSET" ]; then
          taskset -c "$SERVER_CPU" java $LIVEROOM_JAVA_OPTS -jar "$LIVEROOM_JAR" --host 127.0.0.1 --port "$LIVEROOM_PORT" \
            --set media.port=0 --set media.bindAddress=127.0.0.1 \
            --set gateway.requestsPerSecond=100000 --set gateway.requestBurst=100000 \
            --set room.defaultMaxMembers=100000 ${LIVEROOM_ARGS:-} >"$OUT/server-$target-run$run.log" 2>&1 &
        else
          java $LIVEROOM_JAVA_OPTS -jar "$LIVEROOM_JAR" --host 127.0.0.1 --port "$LIVEROOM_PORT" \
            --set media.port=0 --set media.bindAddress=127.0.0.1 \
            --set gateway.requestsPerSecond=100000 --set gateway.requestBurst=100000 \
            --set room.defaultMaxMembers=100000 ${LIVEROOM_ARGS:-} >"$OUT/server-$target-run$run.log" 2>&1 &
        fi
        SERVER_PID=$!
        wait_http "http://127.0.0.1:$LIVEROOM_PORT/health"
        sleep 1
        if [ "$SCENARIO" = s3 ]; then ARGS=(--players "$S3_PLAYERS" --seconds "$S3_SECONDS"); else ARGS=(--players "$S4_PLAYERS"); fi
        if ! pin "$TOOL_CPU" java -Xmx2g -cp "$CP" io.liveroom.media.engine.SfuBench --scenario "$SCENARIO" \
            --base "http://127.0.0.1:$LIVEROOM_PORT" --pid "$SERVER_PID" "${ARGS[@]}" \
            --out "$OUT/$SCENARIO-$target-run$run.properties" >/dev/null 2>"$OUT/tool-$target-run$run.log"; then
          echo "load tool failed (see $OUT/tool-$target-run$run.log)" >&2
          tail -5 "$OUT/tool-$target-run$run.log" >&2 || true
        fi
        grep -E "^s[34] " "$OUT/tool-$target-run$run.log" >&2 || true
        stop_server ;;
      janus)
        echo "== $SCENARIO $target run $run/$RUNS" >&2
        # Janus in the namespace, on the server core (taskset execs janus: SERVER_PID is Janus)
        ip netns exec "$JANUS_NS" taskset -c "$SERVER_CPU" "$JANUS_BIN" -C "$OUT/janus-config/janus.jcfg" \
          -F "$OUT/janus-config" >"$OUT/server-$target-run$run.log" 2>&1 &
        SERVER_PID=$!
        for _ in $(seq 1 300); do
          if ip netns exec "$JANUS_NS" curl -fsS -o /dev/null "http://$JANUS_ADDR:$JANUS_PORT/janus/info" 2>/dev/null; then break; fi
          sleep 0.1
        done
        sleep 1
        if [ "$SCENARIO" = s3 ]; then ARGS=(--players "$S3_PLAYERS" --seconds "$S3_SECONDS"); else ARGS=(--players "$S4_PLAYERS"); fi
        # the tool in the same namespace, its sockets on JANUS_ADDR (a local address: the kernel's
        # local path, as liveroom's clients on 127.0.0.1)
        if ! ip netns exec "$JANUS_NS" taskset -c "$TOOL_CPU" java -Xmx2g -Dsfubench.bind="$JANUS_ADDR" -cp "$CP" \
            io.liveroom.media.engine.SfuBench --scenario "$SCENARIO" --target janus \
            --base "http://$JANUS_ADDR:$JANUS_PORT/janus" --pid "$SERVER_PID" "${ARGS[@]}" \
            --out "$OUT/$SCENARIO-$target-run$run.properties" >/dev/null 2>"$OUT/tool-$target-run$run.log"; then
          echo "load tool failed (see $OUT/tool-$target-run$run.log)" >&2
          tail -5 "$OUT/tool-$target-run$run.log" >&2 || true
        fi
        grep -E "^s[34] " "$OUT/tool-$target-run$run.log" >&2 || true
        stop_server ;;
      *) echo "unknown target $target" >&2; exit 2 ;;
    esac
  done
done

{
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "load average at the end (other work on this machine): $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: bench/run.sh $SCENARIO ${QUICK:+--quick} (runs: $RUNS, server on CPU $SERVER_CPU, tool on CPU $TOOL_CPU)"
  echo
  java -cp "$CP" io.liveroom.media.engine.SfuBench report "$OUT"
} | tee "$OUT/table.txt"
