package io.liveroom.bench;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * What this machine's kernel and JDK allow one core to do, measured with plain Java loops, so that
 * the per-CPU-second targets of S1 and S3 can be read against the machine they run on ({@code
 * bench/run.sh floor}, docs/benchmarks.md "Machine floors"). This process is the sender, pinned to
 * the server core; {@link FloorReceiver} reads everything on the tool core. Each probe has a
 * warm-up, then a measured window; the figure is operations per CPU-second of the sending thread
 * (user + system, which on loopback includes the receiving side's kernel work up to the receiver's
 * socket, exactly as it does for a server under S1/S3), and the receiver's count checks that what
 * was sent arrived.
 *
 * <ul>
 *   <li>{@code udp-fanout}: 1,200-byte datagrams to 200 sockets in bursts of one each, about 36,000
 *       per second (what S3's server sends at K=200), one {@code DatagramChannel.send} each.
 *   <li>{@code udp-single}: a connected {@code DatagramChannel.write} to one socket in a tight loop
 *       (the issue's "Java UDP send" figure).
 *   <li>{@code tcp-fanout}: one WebSocket text frame per write to each of 5,000 connections, 20
 *       rounds per second (S1 with merging off at 20 msgs/s).
 *   <li>{@code tcp-single}: frames written to one blocking connection in a tight loop (the issue's
 *       "plain Java loop").
 *   <li>{@code srtp-gcm}: AES-128-GCM sealing of a 1,200-byte payload with a fresh IV per packet
 *       (JDK provider, 200 keys in turn), no network.
 * </ul>
 */
public final class FloorProbe {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** The issue's figures for the same probes (issue 22's text), per core. */
  private static final JsonObject ISSUE_FIGURES =
      new JsonObject()
          .put("udp-single", 650_000)
          .put("tcp-single", 260_000)
          .put("tcp-fanout", 260_000)
          .put("srtp-gcm", 2_000_000);

  private final BufferedReader control;
  private final PrintWriter commands;
  private final double seconds;
  private final double warmUp;

  private FloorProbe(SocketChannel control, double seconds, double warmUp) {
    this.control =
        new BufferedReader(
            new InputStreamReader(Channels.newInputStream(control), StandardCharsets.US_ASCII));
    this.commands =
        new PrintWriter(Channels.newOutputStream(control), true, StandardCharsets.US_ASCII);
    this.seconds = seconds;
    this.warmUp = warmUp;
  }

  /**
   * {@code --control PORT [--seconds 10] [--warmup 3] [--probes a,b] [--connections 5000] [--out
   * FILE]}, or {@code report DIR}: the medians of the {@code floor-run*.json} files there.
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("report")) {
      report(Path.of(args[1]));
      return;
    }
    Options opts = Options.parse(args, 0);
    List<String> probes =
        Arrays.asList(
            opts.get("probes", "udp-fanout,udp-single,tcp-fanout,tcp-single,srtp-gcm").split(","));
    JsonObject result = new JsonObject();
    try (SocketChannel c =
        SocketChannel.open(
            new InetSocketAddress(FloorReceiver.LOOPBACK, opts.intOpt("control", 0)))) {
      FloorProbe probe =
          new FloorProbe(
              c,
              Double.parseDouble(opts.get("seconds", "10")),
              Double.parseDouble(opts.get("warmup", "3")));
      for (String name : probes) {
        JsonObject r =
            switch (name) {
              case "udp-fanout" -> probe.udpFanout(200, 1200, 36_000);
              case "udp-single" -> probe.udpSingle(1200);
              case "tcp-fanout" -> probe.tcpFanout(opts.intOpt("connections", 5000), 260, 20);
              case "tcp-single" -> probe.tcpSingle(260);
              case "srtp-gcm" -> new SrtpSeal(200, 1200).run(probe.warmUp, probe.seconds);
              default -> throw new IllegalArgumentException("unknown probe " + name);
            };
        Integer issue = ISSUE_FIGURES.getInteger(name);
        if (issue != null) {
          r.put("issueFigure", issue).put("ofIssueFigure", r.getDouble("perCpuSecond") / issue);
        }
        result.put(name, r);
        System.out.printf(
            "floor %-10s %,12.0f per CPU-second of the sending thread (process: %,.0f)%s  %s%n",
            name,
            r.getDouble("perCpuSecond"),
            r.getDouble("perProcessCpuSecond", Double.NaN),
            issue == null
                ? ""
                : String.format(" = %.2fx the issue's %,d", r.getDouble("ofIssueFigure"), issue),
            r.getString("delivery", ""));
      }
    }
    String out = opts.get("out", null);
    if (out != null) {
      Files.writeString(Path.of(out), result.encodePrettily());
    }
  }

  /** Prints, per probe, the median over the runs' files (and the runs themselves). */
  static void report(Path dir) throws IOException {
    List<JsonObject> runs = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("floor-run") && name.endsWith(".json")) {
          runs.add(new JsonObject(Files.readString(f)));
        }
      }
    }
    if (runs.isEmpty()) {
      throw new IOException("no floor-run*.json in " + dir);
    }
    JsonObject summary = new JsonObject();
    for (String probe : runs.get(0).fieldNames()) {
      List<Double> values = new ArrayList<>();
      for (JsonObject run : runs) {
        JsonObject r = run.getJsonObject(probe);
        if (r != null) {
          values.add(r.getDouble("perCpuSecond"));
        }
      }
      double median = Report.median(values);
      Integer issue = ISSUE_FIGURES.getInteger(probe);
      summary.put(probe, new JsonObject().put("perCpuSecond", median).put("runs", values));
      System.out.printf(
          "%-10s median %,10.0f per CPU-second  runs %s%s%n",
          probe,
          median,
          values.stream().map(v -> String.format("%,.0f", v)).toList(),
          issue == null ? "" : String.format("  (%.2fx the issue's %,d)", median / issue, issue));
    }
    Files.writeString(dir.resolve("summary.json"), summary.encodePrettily());
  }

  private String ask(String command) throws IOException {
    commands.println(command);
    String reply = control.readLine();
    if (reply == null || reply.startsWith("error")) {
      throw new IOException("receiver: " + reply);
    }
    return reply;
  }

  private long received(boolean datagrams) throws IOException {
    String[] w = ask("count").split(" ");
    return Long.parseLong(datagrams ? w[1] : w[2]);
  }

  /** Bursts of one datagram per socket, paced to {@code perSecond} in all. */
  private JsonObject udpFanout(int sockets, int size, int perSecond) throws IOException {
    String[] ports = ask("udp " + sockets).substring("ports ".length()).split(",");
    InetSocketAddress[] to = new InetSocketAddress[ports.length];
    for (int i = 0; i < to.length; i++) {
      to[i] = new InetSocketAddress(FloorReceiver.LOOPBACK, Integer.parseInt(ports[i]));
    }
    ByteBuffer payload = ByteBuffer.allocateDirect(size);
    long burstNanos = 1_000_000_000L * sockets / perSecond;
    try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
      Window w = new Window(this, true);
      long next = System.nanoTime();
      while (w.running()) {
        for (InetSocketAddress target : to) {
          ch.send(payload.clear(), target);
          w.sent++;
        }
        next += burstNanos;
        LockSupport.parkNanos(next - System.nanoTime());
      }
      return w.result("datagrams", size);
    } finally {
      ask("close");
    }
  }

  private JsonObject udpSingle(int size) throws IOException {
    String port = ask("udp 1").substring("ports ".length());
    ByteBuffer payload = ByteBuffer.allocateDirect(size);
    try (DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET)) {
      ch.connect(new InetSocketAddress(FloorReceiver.LOOPBACK, Integer.parseInt(port)));
      Window w = new Window(this, true);
      while (w.running()) {
        ch.write(payload.clear());
        w.sent++;
      }
      return w.result("datagrams", size);
    } finally {
      ask("close");
    }
  }

  /** One frame per write to each connection, {@code roundsPerSecond} rounds. */
  private JsonObject tcpFanout(int connections, int frameBytes, int roundsPerSecond)
      throws IOException {
    List<SocketChannel> accepted = accept(connections);
    ByteBuffer frame = textFrame(frameBytes);
    long roundNanos = 1_000_000_000L / roundsPerSecond;
    long shortWrites = 0;
    try {
      Window w = new Window(this, false);
      long next = System.nanoTime();
      while (w.running()) {
        for (SocketChannel s : accepted) {
          if (s.write(frame.duplicate()) < frameBytes) {
            shortWrites++; // the receiver fell behind: counted, the probe is then invalid
          }
          w.sent++;
        }
        next += roundNanos;
        LockSupport.parkNanos(next - System.nanoTime());
      }
      return w.result("frames", frameBytes).put("shortWrites", shortWrites);
    } finally {
      for (SocketChannel s : accepted) {
        s.close();
      }
      ask("close");
    }
  }

  private JsonObject tcpSingle(int frameBytes) throws IOException {
    List<SocketChannel> accepted = accept(1);
    SocketChannel s = accepted.get(0);
    s.configureBlocking(true);
    ByteBuffer frame = textFrame(frameBytes);
    try {
      Window w = new Window(this, false);
      while (w.running()) {
        s.write(frame.duplicate());
        w.sent++;
      }
      return w.result("frames", frameBytes);
    } finally {
      s.close();
      ask("close");
    }
  }

  private List<SocketChannel> accept(int connections) throws IOException {
    List<SocketChannel> accepted = new ArrayList<>(connections);
    try (ServerSocketChannel server =
        ServerSocketChannel.open().bind(new InetSocketAddress(FloorReceiver.LOOPBACK, 0), 8192)) {
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < connections; i++) {
                    SocketChannel s = server.accept();
                    s.configureBlocking(false);
                    s.socket().setTcpNoDelay(true); // a server writes each frame at once
                    accepted.add(s);
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              },
              "floor-acceptor");
      acceptor.start();
      ask("tcp " + connections + " " + port);
      try {
        acceptor.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (accepted.size() != connections) {
        throw new IOException("accepted " + accepted.size() + " of " + connections);
      }
    }
    return accepted;
  }

  /** An unmasked WebSocket text frame (RFC 6455) of {@code total} bytes, as a server writes it. */
  static ByteBuffer textFrame(int total) {
    int payload = total - 4;
    ByteBuffer b = ByteBuffer.allocateDirect(total);
    b.put((byte) 0x81).put((byte) 126).putShort((short) payload);
    for (int i = 0; i < payload; i++) {
      b.put((byte) ('a' + i % 26));
    }
    return b.flip();
  }

  /** Warm-up, then the measured window: counts, thread and process CPU, delivery. */
  private static final class Window {
    private final FloorProbe probe;
    private final boolean datagrams;
    private final long warmEnd;
    private final long end;
    long sent;
    private boolean measuring;
    private long sent0;
    private long cpu0;
    private double process0;
    private long received0;
    private long start;

    Window(FloorProbe probe, boolean datagrams) {
      this.probe = probe;
      this.datagrams = datagrams;
      long now = System.nanoTime();
      warmEnd = now + (long) (probe.warmUp * 1e9);
      end = warmEnd + (long) (probe.seconds * 1e9);
    }

    boolean running() throws IOException {
      long now = System.nanoTime();
      if (!measuring && now >= warmEnd) {
        measuring = true;
        received0 = probe.received(datagrams);
        sent0 = sent;
        cpu0 = THREADS.getCurrentThreadCpuTime();
        process0 = Proc.cpuSeconds(Proc.self());
        start = now;
      }
      return now < end;
    }

    JsonObject result(String unit, int size) throws IOException {
      double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double process = Proc.cpuSeconds(Proc.self()) - process0;
      long count = sent - sent0;
      double wall = (System.nanoTime() - start) / 1e9;
      long deadline = System.nanoTime() + 5_000_000_000L;
      long expected = datagrams ? count : count * size;
      long received = probe.received(datagrams) - received0;
      while (received < expected && System.nanoTime() < deadline) {
        LockSupport.parkNanos(50_000_000);
        received = probe.received(datagrams) - received0;
      }
      double delivered = expected == 0 ? 0 : Math.min(1.0, received / (double) expected);
      return new JsonObject()
          .put("unit", unit)
          .put("sent", count)
          .put("perSecond", count / wall)
          .put("cpuSeconds", cpu)
          .put("perCpuSecond", count / cpu)
          .put("perProcessCpuSecond", count / process)
          .put("delivered", delivered)
          .put("delivery", String.format("(%.1f %% of the %s arrived)", 100 * delivered, unit));
    }
  }
}
