#!/usr/bin/env bash
# Benchmarks liveroom against a socket.io room server (docs/benchmarks.md).
#   bench/run.sh s1|s2|all [--quick] [--runs N]
#   bench/run.sh s3|s4 [--quick] [--runs N]   (SFU: bench/sfu.sh, see docs/benchmarks.md)
#   bench/run.sh floor [--quick] [--runs N]   (this machine's floors for S1/S3: bench/floor.sh)
# Environment: LIVEROOM_JAR (default launcher/target/liveroom.jar, built when missing),
#   LIVEROOM_JAVA_OPTS (server JVM flags, default "-Xms512m -Xmx2g -XX:MetaspaceSize=128m"), SERVER_CPU (default 0),
#   TOOL_CPU (default 1), LIVEROOM_PORT (default 18080), SOCKETIO_PORT (default 13000),
#   BENCH_JAR (the load tool, default bench/target/bench-0.1.0-SNAPSHOT-all.jar, built when missing or older than its sources),
#   NICE (e.g. -5: run server and load tool at that nice level on a machine shared with other work; needs root),
#   TARGETS (default "liveroom liveroom-nomerge socketio"), BENCH_ARGS (extra load tool options),
#   LIVEROOM_ARGS (extra liveroom flags, e.g. "--set gateway.barrageFrameBudget=35000").
# Writes bench/results/<timestamp>/*.json and prints the median table with the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SCENARIO=${1:-all}
shift || true
QUICK=""
RUNS=3
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK="--quick"; RUNS=1 ;;
    --runs) RUNS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
case "$SCENARIO" in s3|s4) exec "$ROOT/bench/sfu.sh" "$SCENARIO" ${QUICK:+--quick} --runs "$RUNS" ;;
  floor) exec "$ROOT/bench/floor.sh" ${QUICK:+--quick} --runs "$RUNS" ;;
  s1) SCENARIOS="s1" ;; s2) SCENARIOS="s2" ;; all) SCENARIOS="s1 s2" ;;
  *) echo "usage: bench/run.sh s1|s2|all|s3|s4|floor [--quick] [--runs N]" >&2; exit 2 ;; esac

SERVER_CPU=${SERVER_CPU:-0}
TOOL_CPU=${TOOL_CPU:-1}
LIVEROOM_PORT=${LIVEROOM_PORT:-18080}
SOCKETIO_PORT=${SOCKETIO_PORT:-13000}
LIVEROOM_JAR=${LIVEROOM_JAR:-$ROOT/launcher/target/liveroom.jar}
LIVEROOM_JAVA_OPTS=${LIVEROOM_JAVA_OPTS:--Xms512m -Xmx2g -XX:MetaspaceSize=128m}
TARGETS=${TARGETS:-liveroom liveroom-nomerge socketio}
BENCH_JAR=${BENCH_JAR:-$ROOT/bench/target/bench-0.1.0-SNAPSHOT-all.jar}
PEER=$ROOT/bench/peers/socketio

# 10,000 connections need as many descriptors in the server and in the tool
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  echo "warning: ulimit -n is $(ulimit -n); S2 needs > 10,000 descriptors" >&2
fi
TASKSET=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then TASKSET=yes; else echo "warning: no taskset or 1 CPU: not pinned" >&2; fi
NICE_CMD=()
if [ -n "${NICE:-}" ]; then NICE_CMD=(nice -n "$NICE"); fi
pin() { if [ -n "$TASKSET" ]; then "${NICE_CMD[@]}" taskset -c "$1" "${@:2}"; else "${NICE_CMD[@]}" "${@:2}"; fi; }
# starts a server in the background so that SERVER_PID is the server process itself (taskset execs it)
pin_bg() { if [ -n "$TASKSET" ]; then "${NICE_CMD[@]}" taskset -c "$1" "${@:2}" & else "${NICE_CMD[@]}" "${@:2}" & fi; SERVER_PID=$!; }

if [ ! -f "$LIVEROOM_JAR" ]; then
  echo "building liveroom (mvn package) ..." >&2
  mvn -B -q package -DskipTests -pl launcher -am
fi
if [ ! -f "$BENCH_JAR" ] || [ -n "$(find "$ROOT/bench/src/main" -newer "$BENCH_JAR" -type f | head -1)" ]; then
  echo "building the load tool ..." >&2
  mvn -B -q package -DskipTests -pl bench -am
fi
if [[ " $TARGETS " == *" socketio "* ]] && [ ! -d "$PEER/node_modules/socket.io" ]; then
  echo "installing the socket.io peer (npm ci) ..." >&2
  (cd "$PEER" && npm ci --no-audit --no-fund --silent)
fi

OUT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)${QUICK:+-quick}
mkdir -p "$OUT"
SERVER_PID=""
# SIGTERM, then SIGKILL after 15 s (an overloaded server may not get to its signal handler)
stop_server() {
  if [ -z "$SERVER_PID" ]; then return; fi
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}
cleanup() { stop_server; }
trap cleanup EXIT

wait_http() { # url
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server did not come up at $1" >&2; return 1
}

start_server() { # target -> SERVER_PID, PORT
  local target=$1 log=$OUT/server-$1-$2-$3.log
  for p in "$LIVEROOM_PORT" "$SOCKETIO_PORT"; do
    if curl -s -o /dev/null "http://127.0.0.1:$p/health"; then echo "port $p is already in use: stop that server first" >&2; exit 1; fi
  done
  case "$target" in
    liveroom|liveroom-nomerge)
      local batch=()
      if [ "$target" = liveroom-nomerge ]; then batch=(--set chat.barrageMaxBatch=1 --set chat.barrageTickMs=1 --set gateway.barrageFrameBudget=0); fi
      # single process, dev mode; limits raised so the benchmark, not the abuse limits, is measured
      pin_bg "$SERVER_CPU" java $LIVEROOM_JAVA_OPTS -jar "$LIVEROOM_JAR" --host 127.0.0.1 --port "$LIVEROOM_PORT" \
        --set media.port=0 --set media.bindAddress=127.0.0.1 \
        --set chat.barrageRoomBudgetPerSecond=1000000 --set chat.barrageUserPerSecond=1000000 \
        --set gateway.requestsPerSecond=100000 --set gateway.requestBurst=100000 \
        --set gateway.heartbeatTimeoutMs=3600000 --set gateway.reconnectGraceMs=0 \
        --set room.defaultMaxMembers=100000 "${batch[@]}" ${LIVEROOM_ARGS:-} >"$log" 2>&1
      PORT=$LIVEROOM_PORT
      wait_http "http://127.0.0.1:$PORT/health" ;;
    socketio)
      pin_bg "$SERVER_CPU" node "$PEER/server.js" "$SOCKETIO_PORT" >"$log" 2>&1
      PORT=$SOCKETIO_PORT
      wait_http "http://127.0.0.1:$PORT/health" ;;
  esac
}

for scenario in $SCENARIOS; do
  for run in $(seq 1 "$RUNS"); do
    for target in $TARGETS; do
      if [ "$scenario" = s2 ] && [ "$target" = liveroom-nomerge ]; then continue; fi
      echo "== $scenario $target run $run/$RUNS" >&2
      start_server "$target" "$scenario" "$run"
      sleep 1
      # shellcheck disable=SC2086
      if ! pin "$TOOL_CPU" java -Xms1g -Xmx3g -XX:+UseParallelGC -jar "$BENCH_JAR" run --scenario "$scenario" \
          --target "$target" --port "$PORT" --pid "$SERVER_PID" --run "$run" \
          --out "$OUT/$scenario-$target-run$run.json" $QUICK ${BENCH_ARGS:-} >/dev/null 2>"$OUT/tool-$target-$scenario-$run.log"; then
        echo "load tool failed for $scenario $target run $run (see $OUT/tool-$target-$scenario-$run.log)" >&2
        tail -5 "$OUT/tool-$target-$scenario-$run.log" >&2 || true
      fi
      grep -E "step|joined|churn|S2" "$OUT/tool-$target-$scenario-$run.log" | tail -4 | cut -c1-300 >&2 || true
      stop_server
    done
  done
done

{
  echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "java: $(java -version 2>&1 | head -1); node: $(node --version 2>/dev/null || echo none)"
  echo "load average at the end (other work on this machine): $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "command: bench/run.sh $SCENARIO $QUICK (runs: $RUNS, server pinned to CPU $SERVER_CPU, load tool to CPU $TOOL_CPU)"
  echo
  java -jar "$BENCH_JAR" report "$OUT"
} | tee "$OUT/table.txt"
