package io.liveroom.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The browser SDK's error-code tables: {@code ErrorCode} in liveroom.js is infra's {@link
 * ErrorCode} (every name with its number, nothing more), {@code ClientErrorCode} stays in the
 * client-only range and is documented, and no error code is written as a bare number anywhere else
 * in the SDK.
 */
class SdkErrorCodesTest {
  static final int CLIENT_MIN = 1_900_001;
  static final int CLIENT_MAX = 1_900_999;
  private static final Pattern ENTRY =
      Pattern.compile("^\\s*([A-Z][A-Z0-9_]*): (\\d+),\\s*$", Pattern.MULTILINE);

  private static String sdk() throws IOException {
    try (InputStream in =
        SdkErrorCodesTest.class.getClassLoader().getResourceAsStream("webroot/sdk/liveroom.js")) {
      assertTrue(in != null, "webroot/sdk/liveroom.js on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The body of {@code export const <name> = Object.freeze({ ... });}. */
  private static String table(String sdk, String name) {
    String start = "export const " + name + " = Object.freeze({";
    int from = sdk.indexOf(start);
    assertTrue(from >= 0, "liveroom.js declares " + start);
    int to = sdk.indexOf("\n});", from);
    assertTrue(to > from, name + " table is closed with });");
    return sdk.substring(from + start.length(), to);
  }

  private static Map<String, Integer> entries(String table) {
    Map<String, Integer> out = new LinkedHashMap<>();
    Matcher m = ENTRY.matcher(table);
    while (m.find()) {
      assertEquals(
          null, out.put(m.group(1), Integer.parseInt(m.group(2))), "duplicate name " + m.group(1));
    }
    return out;
  }

  @Test
  void theSdkServerTableIsErrorCode() throws IOException {
    Map<String, Integer> js = entries(table(sdk(), "ErrorCode"));
    Map<String, Integer> java = new LinkedHashMap<>();
    for (ErrorCode c : ErrorCode.values()) {
      java.put(c.name(), c.code());
    }
    List<String> missing = new ArrayList<>();
    java.forEach(
        (name, code) -> {
          if (!code.equals(js.get(name))) {
            missing.add("  " + name + ": " + code + ",");
          }
        });
    assertTrue(
        missing.isEmpty(),
        "liveroom.js's ErrorCode table lacks or misnumbers (paste these lines):\n"
            + String.join("\n", missing));
    List<String> extra = js.keySet().stream().filter(n -> !java.containsKey(n)).toList();
    assertTrue(
        extra.isEmpty(),
        "liveroom.js's ErrorCode table names codes ErrorCode does not have: " + extra);
  }

  @Test
  void clientOnlyCodesAreInTheirRangeDistinctAndDocumented() throws IOException {
    Map<String, Integer> client = entries(table(sdk(), "ClientErrorCode"));
    assertFalse(client.isEmpty(), "ClientErrorCode has entries");
    String sdkDoc = Files.readString(docs().resolve("sdk.md"));
    for (Map.Entry<String, Integer> e : client.entrySet()) {
      assertTrue(
          e.getValue() >= CLIENT_MIN && e.getValue() <= CLIENT_MAX,
          e + " in the client-only range");
      for (ErrorCode c : ErrorCode.values()) {
        assertFalse(
            c.name().equals(e.getKey()) || c.code() == e.getValue(),
            e + " reuses server code " + c);
      }
      assertTrue(
          sdkDoc.contains("| " + e.getValue() + " | `" + e.getKey() + "` |"),
          "docs/sdk.md lists " + e.getKey() + " (" + e.getValue() + ") in its client-only table");
    }
    assertEquals(
        client.size(), client.values().stream().distinct().count(), "client codes are distinct");
    assertTrue(
        Files.readString(docs().resolve("protocol.md")).contains(CLIENT_MIN + "-" + CLIENT_MAX),
        "docs/protocol.md reserves the client-only range");
  }

  @Test
  void noErrorCodeIsABareNumberInTheSdkLogic() throws IOException {
    String sdk = sdk();
    String logic =
        sdk.replace(table(sdk, "ErrorCode"), "").replace(table(sdk, "ClientErrorCode"), "");
    List<String> literals =
        logic
            .lines()
            .filter(l -> !l.strip().startsWith("*") && !l.strip().startsWith("/"))
            .filter(l -> Pattern.compile("\\b1\\d{6}\\b").matcher(l).find())
            .collect(Collectors.toList());
    assertTrue(
        literals.isEmpty(),
        "use ErrorCode.X / ClientErrorCode.X instead of numbers:\n" + String.join("\n", literals));
  }

  /** The repository's docs/ folder (tests run in the module directory). */
  private static Path docs() {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    return base.resolve("..").resolve("docs").normalize();
  }
}
