package io.liveroom.infra.testing.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private network namespace for one browser test: {@code lo} up plus a veth pair {@code
 * v0}/{@code v1} with {@link #HOST_A} and {@link #HOST_B}, both ends inside it. Chrome gathers no
 * ICE candidates on loopback alone; inside this namespace it finds exactly these two addresses and
 * nothing of the machine's real interfaces. {@link #close()} kills every process still in it, then
 * deletes it.
 */
public final class NetNs implements AutoCloseable {
  /** The server side of a scenario binds here ({@code v0}). */
  public static final String HOST_A = "10.99.0.1";

  /** The second address ({@code v1}); a second server or a browser-only peer can use it. */
  public static final String HOST_B = "10.99.0.2";

  private static final SecureRandom RANDOM = new SecureRandom();
  private final String ip;
  private final String name;
  private volatile boolean deleted;

  private NetNs(String ip, String name) {
    this.ip = ip;
    this.name = name;
  }

  /** The {@code ip} binary, or an AssertionError that says how to install it. */
  public static String ipBinary() {
    for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "browser tests need the `ip` command (iproute2) to create a network namespace;"
            + " install it: apt-get install -y iproute2");
  }

  /**
   * Creates {@code lr-<random>} with lo up and the veth pair; deletes it again if any step fails.
   */
  public static NetNs create() {
    NetNs ns = createEmpty();
    try {
      ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
      ns.ip("addr", "add", HOST_A + "/24", "dev", "v0");
      ns.ip("addr", "add", HOST_B + "/24", "dev", "v1");
      ns.ip("link", "set", "v0", "up");
      ns.ip("link", "set", "v1", "up");
      return ns;
    } catch (RuntimeException | Error e) {
      ns.close();
      throw e;
    }
  }

  /**
   * Creates {@code lr-<random>} with only {@code lo} up (for callers that wire their own links,
   * e.g. {@link ShapedLink}).
   */
  public static NetNs createEmpty() {
    String ip = ipBinary();
    NetNs ns = new NetNs(ip, "lr-" + HexFormat.of().formatHex(RANDOM.generateSeed(5)));
    run(
        List.of(ip, "netns", "add", ns.name),
        "create network namespace "
            + ns.name
            + " (browser tests need root or CAP_SYS_ADMIN + CAP_NET_ADMIN)");
    try {
      ns.ip("link", "set", "lo", "up");
      return ns;
    } catch (RuntimeException | Error e) {
      ns.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  /**
   * Runs {@code command} inside this namespace and returns its output; an AssertionError if it
   * fails.
   */
  public String run(String... command) {
    List<String> full = exec(List.of(command));
    return run(full, String.join(" ", full));
  }

  /** {@code ip -n <ns> args...}. */
  public String ip(String... args) {
    List<String> command = new ArrayList<>(List.of(ip, "-n", name));
    command.addAll(List.of(args));
    return run(command, String.join(" ", command));
  }

  /** The command line that runs {@code command} inside this namespace. */
  public List<String> exec(List<String> command) {
    List<String> full = new ArrayList<>(List.of(ip, "netns", "exec", name));
    full.addAll(command);
    return full;
  }

  /** The pids of every process in the namespace. */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (String line :
        run(List.of(ip, "netns", "pids", name), "list processes of " + name).split("\\s+")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.trim()));
      }
    }
    return pids;
  }

  /** SIGKILLs every process in the namespace and waits (bounded) for them to go. */
  public void killAll() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> left;
    while (!(left = pids()).isEmpty() && System.nanoTime() < deadline) {
      left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      sleep(100);
    }
  }

  /** Kills what is left inside, then deletes the namespace; safe to call twice, never throws. */
  @Override
  public void close() {
    if (deleted) {
      return;
    }
    deleted = true;
    try {
      killAll();
    } catch (RuntimeException | Error e) {
      System.err.println("netns " + name + ": " + e.getMessage());
    }
    try {
      run(List.of(ip, "netns", "delete", name), "delete network namespace " + name);
    } catch (RuntimeException | Error e) {
      System.err.println("netns " + name + " not deleted: " + e.getMessage());
    }
  }

  private static String run(List<String> command, String what) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      if (!p.waitFor(15, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + what);
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new AssertionError(
            "failed to " + what + ": exit " + p.exitValue() + ": " + out.trim());
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError("failed to " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + what, e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
