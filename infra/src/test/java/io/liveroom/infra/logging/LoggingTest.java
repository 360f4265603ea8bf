package io.liveroom.infra.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.liveroom.infra.config.Config;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The Logback setup of {@link Logging} on a context of its own, its console captured. */
class LoggingTest {
  /**
   * Runs {@code body} with a context configured from {@code overrides}; yields what it printed, by
   * line.
   */
  private static List<String> run(
      Map<String, String> overrides, java.util.function.Consumer<LoggerContext> body) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Logging.apply(context, LogConfig.from(Config.of(overrides)), "node-7");
      body.accept(context);
    } finally {
      context.stop();
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonIsOneObjectPerLineWithTheFixedFieldsTheIdsAndTheStackTrace() {
    List<String> lines =
        run(
            Map.of("log.format", "json"),
            context -> {
              Logger log = context.getLogger("io.liveroom.test");
              log.atInfo()
                  .addKeyValue(LogFields.STREAM_ID, "cam1")
                  .addKeyValue(LogFields.ROOM_ID, "r1")
                  .addKeyValue(LogFields.USER_ID, "u1")
                  .addKeyValue("members", 3)
                  .log("said \"hi\"\nand left");
              log.warn("failed", new IllegalStateException("boom"));
            });
    assertEquals(2, lines.size(), String.join("\n", lines));
    JsonObject first = new JsonObject(lines.get(0));
    assertEquals("INFO", first.getString("level"));
    assertEquals("io.liveroom.test", first.getString("logger"));
    assertEquals("said \"hi\"\nand left", first.getString("message"));
    assertEquals("node-7", first.getString("node"));
    assertTrue(
        first.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
        first.encode());
    assertEquals("r1", first.getString("roomID"));
    assertEquals("u1", first.getString("userID"));
    assertEquals("cam1", first.getString("streamID"));
    assertEquals(3, first.getInteger("members"));
    assertEquals(
        List.of(
            "time",
            "level",
            "logger",
            "message",
            "node",
            "thread",
            "roomID",
            "userID",
            "streamID",
            "members"),
        List.copyOf(first.fieldNames()));
    JsonObject second = new JsonObject(lines.get(1));
    assertEquals("WARN", second.getString("level"));
    assertTrue(second.getString("error").contains("IllegalStateException: boom"), second.encode());
  }

  @Test
  void textIsOneLineWithTheNodeAndTheIdsAfterTheMessage() {
    List<String> lines =
        run(
            Map.of(),
            context ->
                context
                    .getLogger("io.liveroom.room.members")
                    .atInfo()
                    .addKeyValue("members", 4)
                    .addKeyValue(LogFields.ROOM_ID, "r1")
                    .addKeyValue(LogFields.SESSION_ID, "s1")
                    .log("u1 joined"));
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\S+Z INFO  \\[node-7] io\\.liveroom\\.room\\.members - u1 joined roomID=r1 sessionID=s1"),
        lines.get(0));
  }

  @Test
  void rootAndPerLoggerLevelsApplyAndChattyLibrariesStayAtWarn() {
    List<String> lines =
        run(
            Map.of("log.levels", "io.liveroom.gateway.requests=DEBUG"),
            context -> {
              context.getLogger("io.liveroom.other").debug("root at INFO drops DEBUG");
              context.getLogger("io.liveroom.gateway.requests").debug("named logger at DEBUG");
              context.getLogger("io.netty.channel").info("a quiet library's INFO");
              context.getLogger("io.netty.channel").warn("a quiet library's WARN");
            });
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("named logger at DEBUG"), lines.get(0));
    assertTrue(lines.get(1).contains("a quiet library's WARN"), lines.get(1));
    List<String> warnOnly =
        run(
            Map.of("log.level", "warn"),
            context -> {
              context.getLogger("io.liveroom.other").info("dropped at WARN");
              context.getLogger("io.liveroom.other").error("kept at WARN");
            });
    assertEquals(1, warnOnly.size(), String.join("\n", warnOnly));
    assertFalse(warnOnly.get(0).contains("dropped"), warnOnly.get(0));
  }
}
