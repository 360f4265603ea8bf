package io.liveroom.infra.testing.browser;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The driver JVM's main class and the toolbox a {@link BrowserScenario} gets: browsers, DevTools
 * connections, cleanup, artifacts, the deadline. Invoked by {@link BrowserScenarioRunner} as {@code
 * BrowserDriver <scenario class> <args json> <artifacts dir> <timeout ms>}; prints exactly one line
 * {@code RESULT {"ok": true, "value": {...}}} or {@code RESULT {"ok": false, "error": ...}} on
 * stdout and exits 0 or 1. At the deadline a watchdog interrupts the scenario (it fails,
 * diagnostics are saved); if it is still running {@link #GRACE_MS} later, the browsers are killed
 * and the JVM halts.
 */
public final class BrowserDriver {
  public static final String RESULT_PREFIX = "RESULT ";

  /** How long a scenario interrupted at its deadline has to save diagnostics and clean up. */
  static final long GRACE_MS = 12_000;

  private static volatile boolean timedOut;
  private final JsonObject args;
  private final Path artifacts;
  private final long deadlineNanos;
  private final Vertx vertx = Vertx.vertx();
  private final Deque<AutoCloseable> cleanups = new ArrayDeque<>();
  private final List<Cdp> connections = new ArrayList<>();
  private int browsers;

  BrowserDriver(JsonObject args, Path artifacts, long deadlineNanos) {
    this.args = args;
    this.artifacts = artifacts;
    this.deadlineNanos = deadlineNanos;
  }

  /** The scenario's arguments, as passed to {@link BrowserScenarioRunner#run}. */
  public JsonObject args() {
    return args;
  }

  /** Where screenshots and logs go ({@code <module>/target/browser-artifacts/<run>/}). */
  public Path artifacts() {
    return artifacts;
  }

  /**
   * A Vert.x instance of the harness (the DevTools clients use it); a node under test brings its
   * own.
   */
  public Vertx vertx() {
    return vertx;
  }

  /** Time left before the watchdog ends the run. */
  public Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * {@code want}, or less when the run's deadline comes sooner (keeps a few seconds for cleanup).
   */
  public Duration budget(Duration want) {
    Duration left = remaining().minusSeconds(5);
    return left.compareTo(want) < 0 ? (left.isNegative() ? Duration.ZERO : left) : want;
  }

  /** Registers something to close when the scenario ends, in reverse order of registration. */
  public <T extends AutoCloseable> T closeLater(T resource) {
    synchronized (cleanups) {
      cleanups.push(resource);
    }
    return resource;
  }

  /**
   * Launches a Chromium (log in artifacts/chromium-N.log) and connects DevTools to it; both closed
   * at the end.
   */
  public Cdp chromium(Chromium.Options options) throws Exception {
    int n = ++browsers;
    Chromium chromium =
        closeLater(Chromium.launch(options, artifacts.resolve("chromium-" + n + ".log")));
    note("chromium " + n + " pid " + chromium.pid() + " at " + chromium.webSocketUrl());
    Cdp cdp = closeLater(Cdp.connect(vertx, chromium.webSocketUrl()));
    synchronized (connections) {
      connections.add(cdp);
    }
    return cdp;
  }

  /** A timestamped line in the driver log (stderr). */
  public void note(String text) {
    System.err.println(LocalTime.now() + " [driver] " + text);
  }

  private List<Page> pages() {
    synchronized (connections) {
      return connections.stream().flatMap(c -> c.pages().stream()).toList();
    }
  }

  private void saveDiagnostics(boolean screenshots) {
    for (Page page : pages()) {
      page.saveConsole(artifacts);
      if (screenshots) {
        try {
          page.screenshot(artifacts.resolve("failure-" + page.name() + ".png"));
        } catch (RuntimeException | Error e) {
          note("no failure screenshot of " + page.name() + ": " + e.getMessage());
        }
      }
    }
  }

  private void cleanup() {
    while (true) {
      AutoCloseable next;
      synchronized (cleanups) {
        next = cleanups.poll();
      }
      if (next == null) {
        break;
      }
      try {
        next.close();
      } catch (Exception | Error e) {
        note("cleanup of " + next + " failed: " + e);
      }
    }
    try {
      vertx.close().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      note("vertx close: " + e);
    }
  }

  JsonObject runScenario(BrowserScenario scenario) {
    try {
      JsonObject value = scenario.run(this);
      saveDiagnostics(false);
      return new JsonObject()
          .put("ok", true)
          .put("value", value == null ? new JsonObject() : value);
    } catch (Throwable e) {
      Thread.interrupted(); // the diagnostics below must not fail on a deadline interrupt
      if (timedOut) {
        e = new IllegalStateException("the scenario ran past its deadline (interrupted)", e);
      }
      note("scenario failed: " + stack(e));
      saveDiagnostics(true);
      JsonObject consoles = new JsonObject();
      for (Page page : pages()) {
        List<String> lines = page.console();
        consoles.put(
            page.name(),
            new JsonArray(
                new ArrayList<>(lines.subList(Math.max(0, lines.size() - 30), lines.size()))));
      }
      return new JsonObject()
          .put("ok", false)
          .put("error", String.valueOf(e))
          .put("stack", stack(e))
          .put("console", consoles);
    } finally {
      cleanup();
    }
  }

  private static String stack(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  private static void killChildren() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }

  private static synchronized void printResult(JsonObject result) {
    System.out.println(RESULT_PREFIX + result.encode());
    System.out.flush();
  }

  public static void main(String[] argv) {
    if (argv.length != 4) {
      printResult(
          new JsonObject()
              .put("ok", false)
              .put(
                  "error",
                  "usage: BrowserDriver <scenario class> <args json> <artifacts dir> <timeout ms>"));
      System.exit(2);
    }
    long timeoutMs = Long.parseLong(argv[3]);
    Runtime.getRuntime().addShutdownHook(new Thread(BrowserDriver::killChildren, "kill-browsers"));
    Thread scenarioThread = Thread.currentThread();
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(timeoutMs);
                // first the polite way: the scenario fails, screenshots and consoles are saved, all
                // is closed
                timedOut = true;
                scenarioThread.interrupt();
                Thread.sleep(GRACE_MS);
              } catch (InterruptedException e) {
                return;
              }
              printResult(
                  new JsonObject()
                      .put("ok", false)
                      .put(
                          "error",
                          "the scenario ran past its deadline of "
                              + timeoutMs
                              + " ms and did not stop within "
                              + GRACE_MS
                              + " ms of being interrupted"));
              killChildren();
              Runtime.getRuntime().halt(1);
            },
            "driver-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    JsonObject result;
    try {
      BrowserDriver driver =
          new BrowserDriver(
              new JsonObject(argv[1]),
              Path.of(argv[2]),
              System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
      var constructor =
          Class.forName(argv[0]).asSubclass(BrowserScenario.class).getDeclaredConstructor();
      constructor.setAccessible(true);
      result = driver.runScenario(constructor.newInstance());
    } catch (Throwable e) {
      result =
          new JsonObject()
              .put("ok", false)
              .put("error", "driver could not run " + argv[0] + ": " + e)
              .put("stack", stack(e));
    }
    killChildren();
    printResult(result);
    System.exit(result.getBoolean("ok", false) ? 0 : 1);
  }
}
