package io.liveroom.chat;

import static io.liveroom.infra.testing.ConfigAssertions.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatConfigTest {
  @Test
  void bundledDefaults() {
    assertEquals(
        new ChatConfig(1024, 1000, 600_000, 200, 5, 50, 10, 200, 20, 20, 20, 200, 100),
        ChatConfig.from(Config.defaults()));
  }

  @Test
  void overridesAndEnvironmentApply() {
    ChatConfig c =
        ChatConfig.from(
            Config.load(
                null,
                Map.of("LIVEROOM_CHAT_BARRAGE_TICK_MS", "25"),
                Map.of("chat.maxMessageBytes", "4096", "chat.barrageMaxBatch", "50")));
    assertEquals(25, c.barrageTickMs());
    assertEquals(4096, c.maxMessageBytes());
    assertEquals(50, c.barrageMaxBatch());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "maxMessageBytes,0",
    "historyMaxCount,0",
    "historyMaxAgeMs,999",
    "messagesPageMax,0",
    "broadcastUserPerSecond,0",
    "broadcastRoomPerSecond,-1",
    "barrageUserPerSecond,0",
    "barrageRoomBudgetPerSecond,0",
    "barrageTickMs,0",
    "barrageMaxBatch,0",
    "commandUserPerSecond,0",
    "commandRoomPerSecond,0",
    "maxCommandRecipients,0",
    "barrageTickMs,fast"
  })
  void badValuesNameTheirKey(String key, String value) {
    assertRefused(ChatConfig::from, "chat." + key, value, "chat." + key);
  }

  @Test
  void unknownKeysAreRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ChatConfig.from(Config.of(Map.of("chat.maxMesageBytes", "10"))));
    assertEquals("chat.maxMesageBytes", e.key());
  }
}
