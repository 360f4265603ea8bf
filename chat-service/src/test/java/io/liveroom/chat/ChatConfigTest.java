package io.liveroom.chat;

import static io.liveroom.infra.testing.ConfigAssertions.assertApplied;
import static io.liveroom.infra.testing.ConfigAssertions.assertEachRefused;
import static io.liveroom.infra.testing.ConfigAssertions.assertUnknownRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.config.Config;
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
    assertApplied(
        ChatConfig::from,
        "chat.barrageTickMs=25",
        "chat.maxMessageBytes=4096",
        "chat.barrageMaxBatch=50");
  }

  /** What is refused, and for which keys: every key must be named in the error. */
  @ParameterizedTest(name = "{0} for {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0    | maxMessageBytes historyMaxCount messagesPageMax broadcastUserPerSecond",
        "0    | barrageUserPerSecond barrageRoomBudgetPerSecond barrageTickMs barrageMaxBatch",
        "0    | commandUserPerSecond commandRoomPerSecond maxCommandRecipients",
        "999  | historyMaxAgeMs",
        "-1   | broadcastRoomPerSecond",
        "fast | barrageTickMs"
      })
  void badValuesNameTheirKey(String value, String keys) {
    assertEachRefused(ChatConfig::from, "chat", value, keys);
  }

  @Test
  void unknownKeysAreRefused() {
    assertUnknownRefused(ChatConfig::from, "chat.maxMesageBytes");
  }
}
