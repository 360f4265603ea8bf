package io.liveroom.infra.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a real {@code redis-server} on a free loopback port for the tests of a class, and resolves
 * {@link RedisServer} parameters. Use {@code @ExtendWith(RedisServerExtension.class)}, or a static
 * {@code @RegisterExtension} field to also reach {@link #server()} from factory methods.
 *
 * <p>The binary is {@code $LIVEROOM_REDIS_SERVER} if set (it must be redis-server itself or a
 * script that {@code exec}s it), else {@code redis-server} on {@code PATH}, else {@code
 * /usr/bin/redis-server}. A missing binary FAILS the tests (it never skips them). The server log
 * goes to a temporary file whose tail is part of any startup failure.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  public static final String BINARY_ENV = "LIVEROOM_REDIS_SERVER";
  static final Path DEFAULT_BINARY = Path.of("/usr/bin/redis-server");
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private static final int START_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 40;
  private static final String PORT_CONFLICT = "(port conflict)";

  private final Map<String, String> env;
  private final Path fallbackBinary;
  private int users;
  private Process process;
  private RedisServer server;
  private Path workDir;
  private Thread shutdownHook;

  public RedisServerExtension() {
    this(System.getenv(), DEFAULT_BINARY);
  }

  RedisServerExtension(Map<String, String> env, Path fallbackBinary) {
    this.env = Map.copyOf(env);
    this.fallbackBinary = fallbackBinary;
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    users++; // nested classes share the server of their enclosing class
    start();
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    users = Math.max(0, users - 1);
    if (users == 0) {
      stop();
    }
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return start(); // normally already running; started lazily for constructor injection
    // (PER_CLASS)
  }

  /** The running server. */
  public synchronized RedisServer server() {
    if (server == null) {
      throw new IllegalStateException(
          "RedisServerExtension is not running: register it with @ExtendWith or on a"
              + " static @RegisterExtension field");
    }
    return server;
  }

  /** Starts the server unless it runs already; idempotent. */
  synchronized RedisServer start() {
    if (server != null) {
      return server;
    }
    Path binary = findBinary(env, fallbackBinary);
    try {
      workDir = Files.createTempDirectory("liveroom-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for redis-server", e);
    }
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS && server == null; attempt++) {
      int port = freePort();
      failure = launch(binary, port, attempt + "/" + START_ATTEMPTS);
      if (failure != null && !failure.getMessage().contains(PORT_CONFLICT)) {
        break;
      }
    }
    if (server == null) {
      throw failure;
    }
    return server;
  }

  /**
   * Stops the running server (SIGTERM) but keeps its address: until {@link #restart()} every
   * connection to it is refused, as in a Redis outage. Its data is gone (nothing is saved).
   */
  public synchronized void crash() {
    Process p = process;
    process = null;
    if (p == null) {
      throw new IllegalStateException("no redis-server is running");
    }
    removeShutdownHook();
    if (!kill(p)) {
      throw new IllegalStateException(
          "redis-server (pid " + p.pid() + ") did not exit after destroyForcibly");
    }
  }

  /**
   * Starts the server again on the port it had before {@link #crash()}: same address, empty data
   * (or the snapshot of an earlier {@code SAVE}: see {@link #restart(boolean)}).
   */
  public synchronized RedisServer restart() {
    if (server == null || process != null) {
      throw new IllegalStateException("restart() needs a crash()ed server");
    }
    int port = server.port();
    server = null;
    IllegalStateException failure = launch(findBinary(env, fallbackBinary), port, "restart");
    if (failure != null) {
      throw failure;
    }
    return server;
  }

  /**
   * Crashes the server if it runs and starts it again on the same port: from the snapshot an
   * earlier {@code SAVE} wrote when {@code fromSnapshot} (an older state), else empty (a restart
   * without persistence, or a fresh replica taking over the address).
   */
  public synchronized RedisServer restart(boolean fromSnapshot) {
    if (process != null) {
      crash();
    }
    Path dump = workDir.resolve("dump.rdb");
    if (!fromSnapshot) {
      try {
        Files.deleteIfExists(dump);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else if (!Files.exists(dump)) {
      throw new IllegalStateException("no snapshot to restart from: send SAVE first");
    }
    return restart();
  }

  /**
   * Starts redis-server on {@code port}; null when it runs (then it is {@link #server}), else why
   * not.
   */
  private List<String> command(Path binary, int port) {
    List<String> command = RedisProcess.dataArgs(port, HOST, workDir);
    command.add(0, binary.toString());
    return command;
  }

  private IllegalStateException launch(Path binary, int port, String attempt) {
    Path log = workDir.resolve("redis-" + port + ".log");
    Process started;
    try {
      started =
          new ProcessBuilder(command(binary, port))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run "
              + binary
              + ": "
              + e.getMessage()
              + ". Install Redis with `apt-get install redis-server`.",
          e);
    }
    RedisServer candidate = new RedisServer(HOST, port);
    String problem = awaitReady(started, candidate);
    if (problem == null) {
      process = started;
      server = candidate;
      shutdownHook = new Thread(started::destroyForcibly, "redis-server-killer");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      return null;
    }
    kill(started);
    return new IllegalStateException(
        "could not start "
            + binary
            + " on "
            + HOST
            + ":"
            + port
            + " (attempt "
            + attempt
            + "): "
            + problem
            + (portConflict(problem, log) ? " " + PORT_CONFLICT : "")
            + "\n--- tail of "
            + log
            + " ---\n"
            + tail(log));
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  /** Stops the server: SIGTERM, then SIGKILL if it does not exit in time. Idempotent. */
  synchronized void stop() {
    Process p = process;
    process = null;
    server = null;
    if (p == null) {
      deleteRecursively(workDir);
      return;
    }
    removeShutdownHook();
    if (!kill(p)) {
      throw new IllegalStateException(
          "redis-server (pid " + p.pid() + ") did not exit after destroyForcibly");
    }
    deleteRecursively(workDir);
  }

  /** Null when the server answers PING and is the process we started, else what went wrong. */
  private static String awaitReady(Process process, RedisServer server) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    try {
      while (true) {
        if (!process.isAlive()) {
          return "redis-server exited with code " + process.exitValue() + " before answering PING";
        }
        if (server.ping()) {
          String info = server.command("INFO", "server");
          if (info != null && info.contains("process_id:" + process.pid() + "\r\n")) {
            return null;
          }
          return "port " + server.port() + " is served by another process (port taken)";
        }
        if (System.nanoTime() - deadline > 0) {
          return "no PONG within " + STARTUP_TIMEOUT.toSeconds() + "s";
        }
        process.waitFor(25, TimeUnit.MILLISECONDS); // back-off that also notices an early exit
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while waiting for redis-server";
    }
  }

  /** destroy, then destroyForcibly; true when the process is gone. */
  private static boolean kill(Process p) {
    try {
      p.destroy();
      if (p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      p.destroyForcibly();
      return p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return !p.isAlive();
    }
  }

  /** Where the redis-server binary is; fails with install instructions when there is none. */
  static Path findBinary(Map<String, String> env, Path fallback) {
    String explicit = env.get(BINARY_ENV);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit.trim());
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
      throw missing(BINARY_ENV + "=" + explicit + " is not an executable file");
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      try {
        Path candidate = Path.of(dir, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      } catch (InvalidPathException ignored) {
        // not a usable PATH entry
      }
    }
    if (fallback != null && Files.isRegularFile(fallback) && Files.isExecutable(fallback)) {
      return fallback;
    }
    throw missing(
        "no redis-server on PATH, none at " + fallback + ", and " + BINARY_ENV + " is not set");
  }

  private static IllegalStateException missing(String detail) {
    return new IllegalStateException(
        "These tests need a real Redis server, but "
            + detail
            + ". Install it with `apt-get install redis-server` (or set "
            + BINARY_ENV
            + " to the redis-server binary).");
  }

  private static int freePort() {
    try {
      return Ports.free(InetAddress.getByName(HOST));
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static boolean portConflict(String problem, Path log) {
    return problem.contains("port taken") || tail(log).contains("Address already in use");
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a leftover temp directory is harmless
    }
  }
}
