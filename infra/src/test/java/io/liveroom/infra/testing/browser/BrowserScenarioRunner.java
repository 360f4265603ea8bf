package io.liveroom.infra.testing.browser;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JUnit side of a browser test: makes a fresh network namespace, runs a {@link BrowserScenario}
 * in a driver JVM inside it (same classpath as the test), waits (bounded) for its {@code RESULT}
 * line, and always kills what is left in the namespace and deletes it. Fails (never skips) with a
 * clear message when {@code ip} or Chromium is missing.
 *
 * <pre>{@code
 * var run = BrowserScenarioRunner.run(MyScenario.class, new JsonObject().put("x", 1), Duration.ofSeconds(90));
 * assertTrue(run.value().getLong("framesDecoded") > 0, run::describe);
 * }</pre>
 */
public final class BrowserScenarioRunner {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private BrowserScenarioRunner() {}

  /**
   * A successful run: the scenario's JSON, where its artifacts are, and how long it took (wall
   * time).
   */
  public record Result(JsonObject value, Path artifacts, Duration elapsed) {
    public String describe() {
      return value.encodePrettily()
          + "\n(artifacts: "
          + artifacts.toAbsolutePath()
          + ", "
          + elapsed.toMillis()
          + " ms)";
    }
  }

  /** {@code <module>/target/browser-artifacts}. */
  public static Path artifactsRoot() {
    return Path.of(
        System.getProperty("basedir", System.getProperty("user.dir")),
        "target",
        "browser-artifacts");
  }

  /**
   * Runs {@code scenario} inside a fresh network namespace. {@code timeout} bounds the scenario
   * (its driver's watchdog); the driver JVM gets 25 s more to start, save diagnostics and clean up
   * before it is killed. Throws AssertionError when the scenario failed, with its error, page
   * consoles and log tail.
   */
  public static Result run(
      Class<? extends BrowserScenario> scenario, JsonObject args, Duration timeout) {
    NetNs.ipBinary();
    String chromium = Chromium.binary();
    long started = System.nanoTime();
    try (NetNs ns = NetNs.create()) {
      Path artifacts =
          artifactsRoot()
              .resolve(
                  scenario.getSimpleName()
                      + "-"
                      + LocalDateTime.now().format(STAMP)
                      + "-"
                      + ns.name());
      Files.createDirectories(artifacts);
      Path out = artifacts.resolve("driver.out");
      Path log = artifacts.resolve("driver.log");
      List<String> java =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-XX:+UseSerialGC",
                  "-Dliveroom.chromium=" + chromium,
                  "-cp",
                  System.getProperty("java.class.path"),
                  BrowserDriver.class.getName(),
                  scenario.getName(),
                  args.encode(),
                  artifacts.toAbsolutePath().toString(),
                  Long.toString(timeout.toMillis())));
      Files.writeString(
          artifacts.resolve("driver-command.txt"), String.join("\n", ns.exec(java)) + "\n");
      Process driver =
          new ProcessBuilder(ns.exec(java))
              .redirectOutput(out.toFile())
              .redirectError(log.toFile())
              .start();
      driver.getOutputStream().close();
      Duration limit = timeout.plusMillis(BrowserDriver.GRACE_MS).plusSeconds(13);
      boolean exited = driver.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        driver.destroyForcibly();
        driver.waitFor(5, TimeUnit.SECONDS);
      }
      JsonObject result = result(out);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      if (result == null) {
        throw new AssertionError(
            scenario.getSimpleName()
                + ": the driver printed no result ("
                + (exited
                    ? "exit " + driver.exitValue()
                    : "killed after " + limit.toSeconds() + " s")
                + ")\n"
                + "--- driver log tail:\n"
                + Chromium.tail(log, 60)
                + "\n(artifacts: "
                + artifacts.toAbsolutePath()
                + ")");
      }
      if (!result.getBoolean("ok", false)) {
        throw new AssertionError(
            scenario.getSimpleName()
                + " failed: "
                + result.getString("error")
                + "\n"
                + "--- page consoles: "
                + result.getJsonObject("console", new JsonObject()).encodePrettily()
                + "\n"
                + "--- driver stack: "
                + result.getString("stack", "")
                + "\n"
                + "--- driver log tail:\n"
                + Chromium.tail(log, 40)
                + "\n(artifacts: "
                + artifacts.toAbsolutePath()
                + ")");
      }
      return new Result(result.getJsonObject("value"), artifacts, elapsed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + scenario.getSimpleName(), e);
    }
  }

  private static JsonObject result(Path out) throws IOException {
    if (!Files.exists(out)) {
      return null;
    }
    JsonObject result = null;
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.startsWith(BrowserDriver.RESULT_PREFIX)) {
        try {
          result = new JsonObject(line.substring(BrowserDriver.RESULT_PREFIX.length()));
        } catch (DecodeException e) {
          return new JsonObject().put("ok", false).put("error", "unreadable result line: " + line);
        }
      }
    }
    return result;
  }
}
