package io.liveroom.chat;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * chat-service settings (section {@code chat}). Sizes are UTF-8 bytes; rates are messages per
 * second with a burst of one second's worth, counted by each chat-service instance.
 *
 * @param maxMessageBytes largest broadcast, barrage or command text
 * @param historyMaxCount broadcast messages kept per room for replay
 * @param historyMaxAgeMs how long a broadcast message stays replayable
 * @param messagesPageMax most messages one getMessages returns
 * @param broadcastUserPerSecond broadcasts one user may send
 * @param broadcastRoomPerSecond broadcasts one room accepts
 * @param barrageUserPerSecond barrage messages one user may send
 * @param barrageRoomBudgetPerSecond barrage messages one room accepts; the excess is dropped and
 *     counted
 * @param barrageTickMs how long barrage waits to be merged into one push per room
 * @param barrageMaxBatch a room's batch is pushed at once when it holds this many messages
 * @param commandUserPerSecond custom commands one user may send
 * @param commandRoomPerSecond custom commands one room accepts
 * @param maxCommandRecipients most distinct userIDs one custom command may name
 */
public record ChatConfig(
    int maxMessageBytes,
    int historyMaxCount,
    long historyMaxAgeMs,
    int messagesPageMax,
    int broadcastUserPerSecond,
    int broadcastRoomPerSecond,
    int barrageUserPerSecond,
    int barrageRoomBudgetPerSecond,
    long barrageTickMs,
    int barrageMaxBatch,
    int commandUserPerSecond,
    int commandRoomPerSecond,
    int maxCommandRecipients) {
  public static final String SECTION = "chat";
  private static final int MAX_RATE = 10_000_000;

  public static ChatConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new ChatConfig(
        s.getInt("maxMessageBytes", 1, 1 << 20),
        s.getInt("historyMaxCount", 1, 1_000_000),
        s.getLong("historyMaxAgeMs", 1_000, 30L * 24 * 3600 * 1000),
        s.getInt("messagesPageMax", 1, 10_000),
        s.getInt("broadcastUserPerSecond", 1, MAX_RATE),
        s.getInt("broadcastRoomPerSecond", 1, MAX_RATE),
        s.getInt("barrageUserPerSecond", 1, MAX_RATE),
        s.getInt("barrageRoomBudgetPerSecond", 1, MAX_RATE),
        s.getLong("barrageTickMs", 1, 60_000),
        s.getInt("barrageMaxBatch", 1, 100_000),
        s.getInt("commandUserPerSecond", 1, MAX_RATE),
        s.getInt("commandRoomPerSecond", 1, MAX_RATE),
        s.getInt("maxCommandRecipients", 1, 100_000));
  }
}
