package io.liveroom.launcher.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Two network namespaces joined by one veth pair, for a partition test: {@link #services} holds
 * {@code vs} with {@link #SERVICES_IP}, {@link #gateways} holds {@code vg} with {@link
 * #GATEWAYS_IP} (a /30: no other address is touched, nothing is added to the machine's own
 * namespace). {@link #cut} drops every packet arriving over the link on both sides (nftables, input
 * hook: a silent partition, as a failed switch gives, not an error on send); {@link #heal} removes
 * the rules. Names carry this JVM's pid ({@code lrtest-part-<pid>-s/-g}); namespaces left by a JVM
 * that no longer runs are deleted on {@link #create}. {@link #close} (also run at JVM exit) kills
 * every process in both and deletes them and the socket directory.
 */
final class PartitionNet implements AutoCloseable {
  static final String PREFIX = "lrtest-part-";
  static final String SERVICES_IP = "10.214.0.1";
  static final String GATEWAYS_IP = "10.214.0.2";
  private static final String TABLE = "lrpart";

  final String services;
  final String gateways;
  final Path socketDir;
  private final String ip;
  private final Thread exitHook;
  private volatile boolean closed;

  private PartitionNet(String ip, String services, String gateways, Path socketDir) {
    this.ip = ip;
    this.services = services;
    this.gateways = gateways;
    this.socketDir = socketDir;
    this.exitHook = new Thread(this::delete, "partition-net-cleanup");
  }

  /** The {@code ip} binary, or null. */
  static String ipBinary() {
    return firstExecutable("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");
  }

  /** The {@code nft} binary, or null. */
  static String nftBinary() {
    return firstExecutable("/usr/sbin/nft", "/sbin/nft", "/usr/bin/nft");
  }

  private static String firstExecutable(String... candidates) {
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    return null;
  }

  static PartitionNet create() throws IOException {
    String ip = ipBinary();
    deleteLeftovers(ip);
    long pid = ProcessHandle.current().pid();
    Path dir = Path.of("/tmp", PREFIX + pid);
    Files.createDirectories(dir);
    PartitionNet net = new PartitionNet(ip, PREFIX + pid + "-s", PREFIX + pid + "-g", dir);
    Runtime.getRuntime().addShutdownHook(net.exitHook);
    try {
      net.run(ip, "netns", "add", net.services);
      net.run(ip, "netns", "add", net.gateways);
      net.run(ip, "-n", net.services, "link", "set", "lo", "up");
      net.run(ip, "-n", net.gateways, "link", "set", "lo", "up");
      net.run(
          ip,
          "-n",
          net.services,
          "link",
          "add",
          "vs",
          "type",
          "veth",
          "peer",
          "name",
          "vg",
          "netns",
          net.gateways);
      net.run(ip, "-n", net.services, "addr", "add", SERVICES_IP + "/30", "dev", "vs");
      net.run(ip, "-n", net.gateways, "addr", "add", GATEWAYS_IP + "/30", "dev", "vg");
      net.run(ip, "-n", net.services, "link", "set", "vs", "up");
      net.run(ip, "-n", net.gateways, "link", "set", "vg", "up");
      return net;
    } catch (RuntimeException | Error e) {
      net.close();
      throw e;
    }
  }

  /** The command line that runs {@code command} inside namespace {@code ns}. */
  List<String> exec(String ns, List<String> command) {
    List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", ns));
    full.addAll(command);
    return full;
  }

  /** Drops everything arriving over the link, on both sides. */
  void cut() {
    drop(services, "vs");
    drop(gateways, "vg");
  }

  /** Removes the drop rules: the link carries packets again. */
  void heal() {
    run(exec(services, List.of(nftBinary(), "delete", "table", "inet", TABLE)));
    run(exec(gateways, List.of(nftBinary(), "delete", "table", "inet", TABLE)));
  }

  private void drop(String ns, String dev) {
    String nft = nftBinary();
    run(exec(ns, List.of(nft, "add", "table", "inet", TABLE)));
    run(
        exec(
            ns,
            List.of(
                nft,
                "add",
                "chain",
                "inet",
                TABLE,
                "in",
                "{ type filter hook input priority 0 ; policy accept ; }")));
    run(exec(ns, List.of(nft, "add", "rule", "inet", TABLE, "in", "iifname", dev, "drop")));
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(exitHook);
    } catch (IllegalStateException ignored) {
      // the JVM exits: the hook runs
    }
    delete();
  }

  private synchronized void delete() {
    if (closed) {
      return;
    }
    closed = true;
    for (String ns : List.of(gateways, services)) {
      killAll(ip, ns);
      try {
        run(ip, "netns", "delete", ns);
      } catch (RuntimeException | Error e) {
        System.err.println("netns " + ns + " not deleted: " + e.getMessage());
      }
    }
    try (Stream<Path> files = Files.walk(socketDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  /** Namespaces of an earlier run whose JVM is gone (killed before its cleanup ran). */
  private static void deleteLeftovers(String ip) {
    String list;
    try {
      list = runQuietly(List.of(ip, "netns", "list"));
    } catch (RuntimeException e) {
      return;
    }
    for (String line : list.split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String[] parts = name.substring(PREFIX.length()).split("-");
      try {
        long owner = Long.parseLong(parts[0]);
        if (ProcessHandle.of(owner).isEmpty()) {
          killAll(ip, name);
          runQuietly(List.of(ip, "netns", "delete", name));
        }
      } catch (RuntimeException ignored) {
        // not ours to judge
      }
    }
  }

  private static void killAll(String ip, String ns) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<Long> pids = new ArrayList<>();
      try {
        for (String p : runQuietly(List.of(ip, "netns", "pids", ns)).split("\\s+")) {
          if (!p.isBlank()) {
            pids.add(Long.parseLong(p.trim()));
          }
        }
      } catch (RuntimeException e) {
        return;
      }
      if (pids.isEmpty()) {
        return;
      }
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private String run(String... command) {
    return run(List.of(command));
  }

  private static String run(List<String> command) {
    return runQuietly(command);
  }

  private static String runQuietly(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            String.join(" ", command) + ": exit " + p.exitValue() + ": " + out.trim());
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", command) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + String.join(" ", command), e);
    }
  }
}
