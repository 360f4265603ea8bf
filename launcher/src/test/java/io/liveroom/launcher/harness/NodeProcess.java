package io.liveroom.launcher.harness;

import io.liveroom.infra.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A liveroom node as its own JVM, started from the built jar, for multi-process tests. */
public final class NodeProcess implements AutoCloseable {
  /**
   * The jar under test; {@code -Dliveroom.jar=...} points elsewhere (e.g. a copy while the tree is
   * rebuilt).
   */
  public static final Path JAR = Path.of(System.getProperty("liveroom.jar", "target/liveroom.jar"));

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String name;
  private final Process process;
  private final Path log;
  public final int httpPort;

  private NodeProcess(String name, Process process, Path log, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /**
   * Starts {@code java -jar liveroom.jar args...} with extra environment; output goes to a log
   * file.
   */
  public static NodeProcess start(
      String name, int httpPort, Map<String, String> env, String... args) {
    return start(name, httpPort, List.of(), env, args);
  }

  /**
   * As above, the java command run by {@code launcher} (e.g. {@code ip netns exec <ns>}, which
   * execs it: the pid stays the JVM's); {@code httpPort} is where this JVM reaches its HTTP port.
   */
  public static NodeProcess start(
      String name, int httpPort, List<String> launcher, Map<String, String> env, String... args) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(
          JAR.toAbsolutePath() + " is missing: run the package phase first");
    }
    List<String> command = new ArrayList<>(launcher);
    command.addAll(List.of(javaBinary(), "-Xmx384m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("liveroom-" + name + "-", ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      return new NodeProcess(name, pb.start(), log, httpPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A free loopback port outside the ephemeral range (see {@link Ports}). */
  public static int freePort() {
    return Ports.free();
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Waits until the banner line is printed; returns it. */
  public String awaitBanner(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String banner =
          output()
              .lines()
              .filter(l -> l.startsWith("liveroom ") && l.contains(" ready in "))
              .findFirst()
              .orElse(null);
      if (banner != null) {
        return banner;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      pause(50);
    }
    throw new AssertionError(name + " printed no banner within " + timeout + ":\n" + output());
  }

  /** Waits until a line of the output matches; returns it. */
  public String awaitLine(
      java.util.function.Predicate<String> match, String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = output().lines().filter(match).findFirst().orElse(null);
      if (line != null) {
        return line;
      }
      pause(50);
    }
    throw new AssertionError(
        name + " printed no " + what + " within " + timeout + ":\n" + output());
  }

  /** Waits until {@code GET /ready} answers 200. */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + output());
      }
      try {
        HttpResponse<String> r = get("/ready");
        if (r.statusCode() == 200) {
          return;
        }
        last = r.body();
      } catch (IOException e) {
        last = e.toString();
      }
      pause(100);
    }
    throw new AssertionError(
        name + " not ready within " + timeout + " (last: " + last + "):\n" + output());
  }

  public HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** SIGTERM: the node shuts down cleanly. */
  public void terminate() {
    process.destroy();
  }

  /** The node's process id (to signal it: SIGSTOP, SIGCONT). */
  public long pid() {
    return process.pid();
  }

  /** kill -9. */
  public void kill() {
    process.destroyForcibly();
  }

  public Integer awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
          ? process.exitValue()
          : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  public static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }
}
