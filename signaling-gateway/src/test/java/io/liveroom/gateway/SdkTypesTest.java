package io.liveroom.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * liveroom.d.ts cannot drift from liveroom.js: every public method of the SDK's classes, every
 * event it emits and every error code of its two tables is declared, with the same number.
 */
class SdkTypesTest {
  private static final Path SDK = Path.of("src/main/resources/webroot/sdk");
  private static final Pattern CLASS = Pattern.compile("^export class (\\w+)", Pattern.MULTILINE);
  private static final Pattern METHOD =
      Pattern.compile("^  (?:async )?([a-zA-Z][a-zA-Z0-9]*)\\(", Pattern.MULTILINE);
  private static final Pattern EMIT = Pattern.compile("_emit\\('([A-Za-z0-9]+)'");
  private static final Pattern CODE =
      Pattern.compile("^\\s*([A-Z][A-Z0-9_]*): (\\d+),\\s*$", Pattern.MULTILINE);

  private static String js() throws IOException {
    return Files.readString(SDK.resolve("liveroom.js"));
  }

  private static String dts() throws IOException {
    return Files.readString(SDK.resolve("liveroom.d.ts"));
  }

  /** The source of one exported class: from its header to the next top-level closing brace. */
  private static String classBody(String js, String name) {
    int from = js.indexOf("export class " + name);
    int to = js.indexOf("\n}\n", from);
    assertTrue(from >= 0 && to > from, "liveroom.js has class " + name);
    return js.substring(from, to);
  }

  /** The declaration of one class in the .d.ts, from its header to its closing brace. */
  private static String declaredClass(String dts, String name) {
    int from = dts.indexOf("export declare class " + name);
    int to = dts.indexOf("\n}\n", from);
    assertTrue(from >= 0 && to > from, "liveroom.d.ts declares class " + name);
    return dts.substring(from, to);
  }

  @Test
  void everyPublicMethodIsDeclared() throws IOException {
    String js = js();
    String dts = dts();
    List<String> missing = new ArrayList<>();
    Matcher classes = CLASS.matcher(js);
    int classCount = 0;
    while (classes.find()) {
      String name = classes.group(1);
      classCount++;
      String declared = declaredClass(dts, name);
      Matcher m = METHOD.matcher(classBody(js, name));
      while (m.find()) {
        String method = m.group(1);
        if (method.equals("constructor")
            ? !declared.contains("constructor(")
            : !declared.contains("  " + method + "(") && !declared.contains("  " + method + "<")) {
          missing.add(name + "." + method);
        }
      }
    }
    assertTrue(
        classCount >= 3, "found the SDK's classes (LiveRoomError, LiveRoomEngine, StreamView)");
    assertTrue(missing.isEmpty(), "liveroom.d.ts lacks these methods: " + missing);
  }

  @Test
  void everyEmittedEventHasATypedHandler() throws IOException {
    String js = js();
    String dts = dts();
    String engineEvents = block(dts, "export interface LiveRoomEvents {");
    String viewEvents = block(dts, "export interface StreamViewEvents {");
    Set<String> engine = emitted(classBody(js, "LiveRoomEngine"));
    Set<String> view = emitted(classBody(js, "StreamView"));
    // the view also forwards its autoplayFailed to the engine
    assertTrue(engine.size() > 20, "found the engine's events: " + engine);
    List<String> missing = new ArrayList<>();
    engine.forEach(
        e -> {
          if (!engineEvents.contains("  " + e + ": (")) missing.add(e);
        });
    view.forEach(
        e -> {
          if (!viewEvents.contains("  " + e + ": (")) missing.add("StreamView " + e);
        });
    assertTrue(missing.isEmpty(), "liveroom.d.ts has no handler type for events " + missing);
  }

  @Test
  void everyErrorCodeIsDeclaredWithItsNumber() throws IOException {
    String js = js();
    String dts = dts();
    for (String table : List.of("ErrorCode", "ClientErrorCode")) {
      String body = block(js, "export const " + table + " = Object.freeze({");
      String declared = block(dts, "export declare const " + table + ": {");
      Matcher m = CODE.matcher(body);
      int n = 0;
      List<String> missing = new ArrayList<>();
      while (m.find()) {
        n++;
        if (!declared.contains("readonly " + m.group(1) + ": " + m.group(2) + ";")) {
          missing.add(m.group(1) + ": " + m.group(2));
        }
      }
      assertTrue(n > 0, table + " has entries");
      assertTrue(missing.isEmpty(), "liveroom.d.ts's " + table + " lacks " + missing);
    }
  }

  private static Set<String> emitted(String source) {
    Set<String> out = new TreeSet<>();
    Matcher m = EMIT.matcher(source);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** From the header line to the first line that is only a closing brace (with optional ;/)). */
  private static String block(String text, String header) {
    int from = text.indexOf(header);
    assertTrue(from >= 0, "found " + header);
    Matcher end = Pattern.compile("^\\}\\)?;?$", Pattern.MULTILINE).matcher(text);
    assertTrue(end.find(from), header + " is closed");
    return text.substring(from, end.start());
  }
}
