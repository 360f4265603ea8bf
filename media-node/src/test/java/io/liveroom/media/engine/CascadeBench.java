package io.liveroom.media.engine;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.rtp.Rtp;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The cascade's benchmark (docs/benchmarks.md, "Cascade"): one room over 1, 2, 3 media nodes in one
 * JVM over 127.0.0.1 (real ICE/DTLS/SRTP, each node one forwarding thread, the origin relaying to
 * the edges over real relay links), {@code cap} receive-only players per node. Per run: players in
 * the room, the share of the publisher's packets the worst player got, forwarded packets per
 * CPU-second of each node's own threads (forwarding, ICE receive, relay receive), and the relay
 * hop's added latency (a packet's arrival at an edge player minus at an origin player, same clock).
 * Not a unit test: {@code bench/cascade.sh} or {@code java -cp ...
 * io.liveroom.media.engine.CascadeBench [nodes=1,2,3] [cap=40] [seconds=10] [rate=300]}.
 */
public final class CascadeBench {
  private CascadeBench() {}

  /** A receive-only player that counts, and notes when each sequence number arrived. */
  private static final class Counter implements WebRtcTestClient.RtpSink {
    final AtomicLongArray arrival;
    volatile long packets;

    Counter(int maxSeq, boolean timed) {
      arrival = timed ? new AtomicLongArray(maxSeq) : null;
    }

    @Override
    public void onRtp(byte[] b, int off, int len, long arrivalNanos) {
      packets++;
      int seq = Rtp.sequence(b, off);
      if (arrival != null && seq < arrival.length() && arrival.get(seq) == 0) {
        arrival.set(seq, arrivalNanos);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int[] nodeCounts =
        Arrays.stream((args.length > 0 ? args[0] : "1,2,3").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int cap = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 300;
    System.out.println(
        "nodes players worst_delivery forwarded_per_node pkts_per_cpu_s_per_node relay_hop_ms_p50"
            + " relay_hop_ms_p95");
    for (int n : nodeCounts) {
      run(n, cap, seconds, rate);
    }
    System.exit(0);
  }

  private static Set<Thread> threads() {
    return new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  private static void run(int nodes, int cap, int seconds, int rate) throws Exception {
    MediaConfig config =
        new MediaConfig(0, "127.0.0.1", List.of(), 2_500_000, 20_000, 60_000, 200, 1024, 1);
    List<MediaEngine> engines = new ArrayList<>();
    List<Set<Thread>> owned = new ArrayList<>();
    List<WebRtcTestClient> clients = new ArrayList<>();
    try (LightPlayers light = new LightPlayers()) {
      for (int i = 0; i < nodes; i++) {
        Set<Thread> before = threads();
        MediaEngine e = MediaEngine.start(config, MediaListener.NONE);
        e.startRelays("127.0.0.1", 0);
        engines.add(e);
        Thread.sleep(200);
        Set<Thread> mine = threads();
        mine.removeAll(before);
        owned.add(mine);
      }
      MediaEngine origin = engines.get(0);
      WebRtcTestClient publisher = new WebRtcTestClient();
      clients.add(publisher);
      publisher.accept(
          origin.publish("room-cam", publisher.offer(true, 111, 96, 1, 3)).answerSdp());
      MediaEngineLoopbackTest.await(publisher::connected, "publisher connects");
      for (int i = 1; i < nodes; i++) {
        MediaEngine edge = engines.get(i);
        RelayLinks.Request q = edge.relays().prepare("room-cam", "origin");
        edge.relays()
            .complete(
                "origin",
                q,
                origin
                    .relays()
                    .open(
                        "room-cam",
                        "edge-" + i,
                        q,
                        "127.0.0.1",
                        edge.relays().address().getPort()));
      }
      int total = rate * seconds;
      List<Counter> counters = new ArrayList<>();
      List<LightPlayers.Player> players = new ArrayList<>();
      Counter[] timed = new Counter[nodes];
      for (int i = 0; i < nodes; i++) {
        for (int k = 0; k < cap; k++) {
          Counter c = new Counter(total, k == 0);
          if (k == 0) {
            timed[i] = c;
          }
          counters.add(c);
          LightPlayers.Player p = light.newPlayer(c);
          players.add(p);
          p.accept(engines.get(i).play("room-cam", p.offer(111, 96)).answerSdp());
        }
      }
      MediaEngineLoopbackTest.await(
          () -> players.stream().allMatch(LightPlayers.Player::connected), "players connect");
      Thread.sleep(500);
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long[] cpuBefore = new long[nodes];
      long[] sentBefore = new long[nodes];
      for (int i = 0; i < nodes; i++) {
        cpuBefore[i] = cpu(mx, owned.get(i));
        sentBefore[i] = engines.get(i).stats("room-cam").orElseThrow().packetsSent();
      }
      long[] countBefore = counters.stream().mapToLong(c -> c.packets).toArray();
      byte[] payload = new byte[1000];
      new Random(7).nextBytes(payload);
      long start = System.nanoTime();
      for (int seq = 0; seq < total; seq++) {
        long due = start + (long) seq * 1_000_000_000L / rate;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        publisher.sendRtp(
            WebRtcTestClient.rtpPacket(
                96, seq, seq * 3000L, WebRtcTestClient.VIDEO_SSRC, 3, 0, payload));
      }
      Thread.sleep(1500); // queues drain, stats tick
      StringBuilder fwd = new StringBuilder();
      StringBuilder perCpu = new StringBuilder();
      for (int i = 0; i < nodes; i++) {
        long sent = engines.get(i).stats("room-cam").orElseThrow().packetsSent() - sentBefore[i];
        long cpu = cpu(mx, owned.get(i)) - cpuBefore[i];
        fwd.append(i == 0 ? "" : "/").append(sent);
        perCpu.append(i == 0 ? "" : "/").append(Math.round(sent / (cpu / 1e9)));
      }
      double worst = 1;
      for (int i = 0; i < counters.size(); i++) {
        worst = Math.min(worst, (counters.get(i).packets - countBefore[i]) / (double) total);
      }
      String hop = "-\t-";
      if (nodes > 1) {
        List<Long> deltas = new ArrayList<>();
        for (int seq = 0; seq < total; seq++) {
          long o = timed[0].arrival.get(seq);
          long e = timed[1].arrival.get(seq);
          if (o > 0 && e > 0) {
            deltas.add(e - o);
          }
        }
        deltas.sort(null);
        hop =
            deltas.isEmpty()
                ? "-\t-"
                : String.format(
                    "%.3f\t%.3f",
                    deltas.get(deltas.size() / 2) / 1e6,
                    deltas.get(Math.min(deltas.size() - 1, deltas.size() * 95 / 100)) / 1e6);
      }
      System.out.printf(
          "%d\t%d\t%.4f\t%s\t%s\t%s%n", nodes, counters.size(), worst, fwd, perCpu, hop);
      players.forEach(LightPlayers.Player::close);
    } finally {
      clients.forEach(WebRtcTestClient::close);
      engines.forEach(MediaEngine::close);
    }
  }

  private static long cpu(ThreadMXBean mx, Set<Thread> threads) {
    long total = 0;
    for (Thread t : threads) {
      total += Math.max(0, mx.getThreadCpuTime(t.getId()));
    }
    return total;
  }
}
