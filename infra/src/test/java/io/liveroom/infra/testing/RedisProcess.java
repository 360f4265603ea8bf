package io.liveroom.infra.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One redis-server process (a data node, a sentinel or a cluster node) started by a test extension
 * on a loopback port, its output in a log file of the extension's directory.
 */
public final class RedisProcess {
  static final String HOST = "127.0.0.1";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  private final Path binary;
  private final Path log;
  private final List<String> args;
  private final RedisServer server;
  private Process process;
  private Thread hook;

  /** {@code args} follow the binary (a config file first, if any); the port is the caller's. */
  RedisProcess(Path binary, Path dir, int port, List<String> args) {
    this.binary = binary;
    this.server = new RedisServer(HOST, port);
    this.log = dir.resolve("redis-" + port + ".log");
    this.args = List.copyOf(args);
  }

  /** The usual data-node arguments: loopback, no persistence, no protected mode. */
  static List<String> dataArgs(int port, Path dir) {
    return dataArgs(port, HOST, dir);
  }

  /**
   * The usual data-node arguments on {@code bind}: no persistence, no protected mode, files in
   * {@code dir}; a list the caller may add to.
   */
  public static List<String> dataArgs(int port, String bind, Path dir) {
    return new ArrayList<>(
        List.of(
            "--port",
            Integer.toString(port),
            "--bind",
            bind,
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "no",
            "--daemonize",
            "no",
            "--dir",
            dir.toString()));
  }

  public RedisServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public boolean alive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** Starts the process and waits until it answers PING as itself. */
  synchronized void start() {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    Process p = process;
    hook = new Thread(p::destroyForcibly, "redis-killer-" + port());
    Runtime.getRuntime().addShutdownHook(hook);
    await(
        Duration.ofSeconds(15),
        () -> {
          if (!p.isAlive()) {
            throw failure("exited with code " + p.exitValue() + " at start");
          }
          if (!server.ping()) {
            return false;
          }
          String info = server.command("INFO", "server");
          if (info == null || !info.contains("process_id:" + p.pid() + "\r\n")) {
            throw failure("port " + port() + " is served by another process");
          }
          return true;
        },
        "redis-server on port " + port() + " answering PING");
  }

  /** SIGKILL: the process dies at once, as in a crash of its machine. */
  synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitExit(process);
    removeHook();
    process = null;
  }

  /** SIGTERM, then SIGKILL when it does not exit in time. */
  synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!waitExit(process)) {
      process.destroyForcibly();
      waitExit(process);
    }
    removeHook();
    process = null;
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // it runs anyway
    }
  }

  private static boolean waitExit(Process p) {
    try {
      return p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  IllegalStateException failure(String problem) {
    return new IllegalStateException(
        "redis-server on port "
            + port()
            + ": "
            + problem
            + "\n--- tail of "
            + log
            + " ---\n"
            + RedisServerExtension.tail(log));
  }

  /** Polls {@code condition} every 25 ms until it holds; fails naming {@code what} at the end. */
  static void await(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() - deadline < 0) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (IllegalStateException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("redis-server on port")) {
          throw e;
        }
        last = e;
      } catch (RuntimeException e) {
        last = e;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
    throw new IllegalStateException(
        "no "
            + what
            + " within "
            + timeout.toMillis()
            + " ms"
            + (last == null ? "" : " (last: " + last.getMessage() + ")"),
        last);
  }
}
