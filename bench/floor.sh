#!/usr/bin/env bash
# Machine floors (docs/benchmarks.md "Machine floors"): what plain Java loops get from this machine's
# kernel and JDK per CPU-second, for the patterns S1 and S3 measure (io.liveroom.bench.FloorProbe).
#   bench/floor.sh [--quick] [--runs N]     (also reached as bench/run.sh floor)
# Environment: BENCH_JAR, SERVER_CPU (0: the sender), TOOL_CPU (1: the receiver), NICE,
#   FLOOR_SECONDS (10 measured per probe), FLOOR_PROBES (default: all five).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RUNS=3
SECONDS_PER_PROBE=${FLOOR_SECONDS:-10}
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) RUNS=1; SECONDS_PER_PROBE=3 ;;
    --runs) RUNS="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
SERVER_CPU=${SERVER_CPU:-0}
TOOL_CPU=${TOOL_CPU:-1}
BENCH_JAR=${BENCH_JAR:-$ROOT/bench/target/bench-0.1.0-SNAPSHOT-all.jar}
PROBES=${FLOOR_PROBES:-udp-fanout,udp-single,tcp-fanout,tcp-single,srtp-gcm}
if [ ! -f "$BENCH_JAR" ] || [ -n "$(find "$ROOT/bench/src/main" -newer "$BENCH_JAR" -type f | head -1)" ]; then
  echo "building the load tool ..." >&2
  mvn -B -q package -DskipTests -pl bench -am
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
TASKSET=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then TASKSET=yes; else echo "warning: no taskset or 1 CPU: not pinned" >&2; fi
NICE_CMD=()
if [ -n "${NICE:-}" ]; then NICE_CMD=(nice -n "$NICE"); fi
pin() { if [ -n "$TASKSET" ]; then "${NICE_CMD[@]}" taskset -c "$1" "${@:2}"; else "${NICE_CMD[@]}" "${@:2}"; fi; }

OUT=$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)-floor
mkdir -p "$OUT"
RECEIVER_PID=""
stop_receiver() { if [ -n "$RECEIVER_PID" ]; then kill "$RECEIVER_PID" 2>/dev/null || true; wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=""; fi; }
trap stop_receiver EXIT
for run in $(seq 1 "$RUNS"); do
  echo "== floor run $run/$RUNS (sender on CPU $SERVER_CPU, receiver on CPU $TOOL_CPU)" >&2
  FIFO=$OUT/.receiver-$run
  rm -f "$FIFO"; mkfifo "$FIFO"
  pin "$TOOL_CPU" java -cp "$BENCH_JAR" io.liveroom.bench.FloorReceiver >"$FIFO" 2>"$OUT/receiver-run$run.log" &
  RECEIVER_PID=$!
  exec 3<"$FIFO"
  read -r -t 30 line <&3 || { echo "the receiver did not start (see $OUT/receiver-run$run.log)" >&2; exit 1; }
  rm -f "$FIFO"
  pin "$SERVER_CPU" java -cp "$BENCH_JAR" io.liveroom.bench.FloorProbe --control "${line#control }" \
    --seconds "$SECONDS_PER_PROBE" --probes "$PROBES" --out "$OUT/floor-run$run.json" >&2
  exec 3<&-
  stop_receiver
done
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)" | tee "$OUT/table.txt"
java -cp "$BENCH_JAR" io.liveroom.bench.FloorProbe report "$OUT" | tee -a "$OUT/table.txt"
echo "results: $OUT" >&2
