package io.liveroom.infra.testing.browser;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One browser tab over DevTools: navigate, run JavaScript and get JSON back, screenshots, and a
 * record of its console output and uncaught exceptions for diagnostics.
 */
public final class Page {
  private final Cdp cdp;
  private final String name;
  private final String targetId;
  private final String sessionId;
  private final long created = System.nanoTime();
  private final List<String> console = new ArrayList<>();

  Page(Cdp cdp, String name, String targetId, String sessionId) {
    this.cdp = cdp;
    this.name = name;
    this.targetId = targetId;
    this.sessionId = sessionId;
  }

  void enable() {
    cdp.listen(sessionId, this::onEvent);
    call("Page.enable", new JsonObject());
    call("Runtime.enable", new JsonObject());
    call("Log.enable", new JsonObject());
  }

  public String name() {
    return name;
  }

  public String targetId() {
    return targetId;
  }

  private void onEvent(JsonObject message) {
    JsonObject params = message.getJsonObject("params", new JsonObject());
    switch (message.getString("method", "")) {
      case "Runtime.consoleAPICalled" -> {
        StringBuilder text = new StringBuilder();
        for (Object arg : params.getJsonArray("args", new JsonArray())) {
          JsonObject a = (JsonObject) arg;
          Object value = a.getValue("value");
          text.append(text.length() == 0 ? "" : " ")
              .append(
                  value != null
                      ? String.valueOf(value)
                      : a.getString("description", a.getString("type")));
        }
        record("console." + params.getString("type"), text.toString());
      }
      case "Runtime.exceptionThrown" -> {
        JsonObject details = params.getJsonObject("exceptionDetails", new JsonObject());
        JsonObject exception = details.getJsonObject("exception", new JsonObject());
        record("exception", exception.getString("description", details.getString("text")));
      }
      case "Log.entryAdded" -> {
        JsonObject entry = params.getJsonObject("entry", new JsonObject());
        record(
            "log." + entry.getString("level"),
            entry.getString("text") + " " + entry.getString("url", ""));
      }
      case "Inspector.targetCrashed" -> record("crash", "the page's renderer crashed");
      default -> {}
    }
  }

  private void record(String kind, String text) {
    long ms = (System.nanoTime() - created) / 1_000_000;
    synchronized (console) {
      console.add(String.format("%7d ms [%s] %s", ms, kind, text));
    }
  }

  /**
   * Everything the page logged so far (console calls, uncaught exceptions, browser log entries).
   */
  public List<String> console() {
    synchronized (console) {
      return List.copyOf(console);
    }
  }

  /** A CDP command on this page's session. */
  public JsonObject call(String method, JsonObject params) {
    return cdp.call(sessionId, method, params, Cdp.COMMAND_TIMEOUT);
  }

  /** Navigates and waits (bounded) until the new document has loaded. */
  public void navigate(String url, Duration timeout) {
    JsonObject result = call("Page.navigate", new JsonObject().put("url", url));
    if (result.getString("errorText") != null) {
      throw new AssertionError(
          name + ": navigation to " + url + " failed: " + result.getString("errorText"));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        Object state = evaluate("location.href + ' ' + document.readyState", Duration.ofSeconds(5));
        if ((url + " complete").equals(state)) {
          return;
        }
        last = String.valueOf(state);
      } catch (RuntimeException e) { // the context is swapped while the document loads
        last = e.getMessage();
      }
      NetNs.sleep(50);
    }
    throw new AssertionError(
        name + ": " + url + " did not load within " + timeout + " (last: " + last + ")");
  }

  /**
   * Evaluates a JavaScript expression; a promise is awaited. Returns the JSON value (JsonObject,
   * JsonArray, String, Number, Boolean or null). A thrown error or rejected promise throws {@link
   * AssertionError} with the JS message and stack.
   */
  public Object evaluate(String expression, Duration timeout) {
    JsonObject params =
        new JsonObject()
            .put("expression", expression)
            .put("awaitPromise", true)
            .put("returnByValue", true)
            .put("userGesture", true);
    JsonObject result = cdp.call(sessionId, "Runtime.evaluate", params, timeout.plusSeconds(2));
    JsonObject details = result.getJsonObject("exceptionDetails");
    if (details != null) {
      JsonObject exception = details.getJsonObject("exception", new JsonObject());
      String message =
          exception.getString(
              "description",
              String.valueOf(exception.getValue("value", details.getString("text"))));
      throw new AssertionError(name + ": JavaScript failed: " + message);
    }
    JsonObject value = result.getJsonObject("result", new JsonObject());
    return "undefined".equals(value.getString("type")) ? null : value.getValue("value");
  }

  /** {@link #evaluate} of an expression that must yield a JSON object. */
  public JsonObject evaluateObject(String expression, Duration timeout) {
    Object value = evaluate(expression, timeout);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new AssertionError(name + ": expected an object from " + expression + ", got " + value);
  }

  /** Runs a script from the test classpath (e.g. {@code browser/p2p-call.js}) in the page. */
  public void addScript(String resource) {
    try (InputStream in = Page.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new AssertionError("no resource " + resource + " on the test classpath");
      }
      evaluate(
          new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n;undefined",
          Duration.ofSeconds(10));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls a JS expression until it is truthy; returns its last value. Fails with the value at the
   * deadline.
   */
  public Object waitFor(String expression, Duration timeout, Duration interval) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = null;
    while (true) {
      last = evaluate(expression, Duration.ofSeconds(10));
      if (last != null
          && !Boolean.FALSE.equals(last)
          && !"".equals(last)
          && !Integer.valueOf(0).equals(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name + ": `" + expression + "` still " + last + " after " + timeout);
      }
      NetNs.sleep(interval.toMillis());
    }
  }

  /** Saves a PNG of the viewport. */
  public Path screenshot(Path file) {
    JsonObject shot =
        cdp.call(
            sessionId,
            "Page.captureScreenshot",
            new JsonObject().put("format", "png"),
            Cdp.COMMAND_TIMEOUT);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, Base64.getDecoder().decode(shot.getString("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the console record to {@code dir/<name>-console.log}. */
  public void saveConsole(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + "-console.log"), console(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("console of " + name + " not saved: " + e);
    }
  }
}
