package io.liveroom.media.engine;

import io.liveroom.media.MediaConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Forwarded packets per CPU-second of the node's forwarding threads for 1 publisher -> N players
 * over loopback (real ICE/DTLS/SRTP). Not a unit test: run with {@code mvn -pl media-node
 * test-compile exec:java}-style tooling or from the IDE: {@code java -cp ...
 * io.liveroom.media.engine.ForwardingBench [players] [seconds] [packetsPerSecond]}.
 */
public final class ForwardingBench {
  private ForwardingBench() {}

  public static void main(String[] args) throws Exception {
    int players = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    MediaConfig config =
        new MediaConfig(0, "127.0.0.1", List.of(), 2_500_000, 10_000, 30_000, 200, 1024, 1);
    List<WebRtcTestClient> clients = new ArrayList<>();
    try (MediaEngine engine = MediaEngine.start(config, MediaListener.NONE)) {
      WebRtcTestClient publisher = new WebRtcTestClient();
      clients.add(publisher);
      publisher.accept(engine.publish("bench", publisher.offer(true, 111, 96, 1, 3)).answerSdp());
      MediaEngineLoopbackTest.await(publisher::connected, "publisher connects");
      for (int i = 0; i < players; i++) {
        WebRtcTestClient player = new WebRtcTestClient();
        clients.add(player);
        player.accept(engine.play("bench", player.offer(false, 111, 96, 1, 3)).answerSdp());
        MediaEngineLoopbackTest.await(player::connected, "player connects");
      }
      MediaEngineLoopbackTest.await(
          () -> engine.stats("bench").map(s -> s.players() == players).orElse(false),
          "all players ready");
      for (WebRtcTestClient c : clients) {
        c.discardMedia = true; // clients only count what they get: keep their CPU use small
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuBefore = forwardingCpuNanos(threads);
      long receiveBefore = cpuNanos(threads, "AbstractUdpListener");
      long sentBefore = engine.stats("bench").orElseThrow().packetsSent();
      byte[] payload = new byte[1200];
      new Random(7).nextBytes(payload);
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      int seq = 0;
      while (System.nanoTime() < end) {
        long due = start + (long) seq * 1_000_000_000L / rate;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        publisher.sendRtp(
            WebRtcTestClient.rtpPacket(
                96, seq & 0xFFFF, seq * 3000L, WebRtcTestClient.VIDEO_SSRC, 3, 0, payload));
        seq++;
      }
      Thread.sleep(1500); // let the queue drain and the stats tick
      long cpu = forwardingCpuNanos(threads) - cpuBefore;
      long receive = cpuNanos(threads, "AbstractUdpListener") - receiveBefore;
      long sent = engine.stats("bench").orElseThrow().packetsSent() - sentBefore;
      System.out.printf(
          "players=%d sent_by_publisher=%d forwarded=%d forwarding_cpu=%.3fs (ice4j receive thread"
              + " %.3fs) => %.0f packets/cpu-s (%d-byte payloads, AES-GCM)%n",
          players, seq, sent, cpu / 1e9, receive / 1e9, sent / (cpu / 1e9), payload.length);
    } finally {
      clients.forEach(WebRtcTestClient::close);
    }
  }

  private static long cpuNanos(ThreadMXBean threads, String namePart) {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().contains(namePart)) {
        total += Math.max(0, threads.getThreadCpuTime(t.getId()));
      }
    }
    return total;
  }

  /** CPU time of the node's forwarding threads and ice4j's receive thread. */
  private static long forwardingCpuNanos(ThreadMXBean threads) {
    long total = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("media-forward") || t.getName().contains("AbstractUdpListener")) {
        total += Math.max(0, threads.getThreadCpuTime(t.getId()));
      }
    }
    return total;
  }
}
