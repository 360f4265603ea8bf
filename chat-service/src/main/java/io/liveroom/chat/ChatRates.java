package io.liveroom.chat;

import io.liveroom.infra.contracts.ErrorCode;
import java.util.List;

/**
 * The per-user and per-room rates of broadcast, barrage and custom commands. A send without a
 * session (server-side) is not held to the per-user rate. A rate exceeded throws its {@link
 * ErrorCode}, except barrage's room budget, which the caller asks about ({@link #barrageRoom}).
 */
final class ChatRates {
  private final KeyedRateLimiter broadcastUser;
  private final KeyedRateLimiter broadcastRoom;
  private final KeyedRateLimiter barrageUser;
  private final KeyedRateLimiter barrageRoom;
  private final KeyedRateLimiter commandUser;
  private final KeyedRateLimiter commandRoom;

  ChatRates(ChatConfig config) {
    this.broadcastUser = new KeyedRateLimiter(config.broadcastUserPerSecond());
    this.broadcastRoom = new KeyedRateLimiter(config.broadcastRoomPerSecond());
    this.barrageUser = new KeyedRateLimiter(config.barrageUserPerSecond());
    this.barrageRoom = new KeyedRateLimiter(config.barrageRoomBudgetPerSecond());
    this.commandUser = new KeyedRateLimiter(config.commandUserPerSecond());
    this.commandRoom = new KeyedRateLimiter(config.commandRoomPerSecond());
  }

  void broadcast(String sessionId, String userId, String roomId, long now) {
    limit(
        sessionId == null ? null : broadcastUser,
        userId,
        now,
        ErrorCode.BROADCAST_USER_RATE_LIMITED);
    limit(broadcastRoom, roomId, now, ErrorCode.BROADCAST_ROOM_RATE_LIMITED);
  }

  void barrageUser(String sessionId, String userId, long now) {
    limit(sessionId == null ? null : barrageUser, userId, now, ErrorCode.BARRAGE_USER_RATE_LIMITED);
  }

  /** Takes one message of the room's barrage budget; false when it is spent. */
  boolean barrageRoom(String roomId, long now) {
    return barrageRoom.tryAcquire(roomId, now);
  }

  void command(String sessionId, String userId, String roomId, long now) {
    limit(sessionId == null ? null : commandUser, userId, now, ErrorCode.COMMAND_USER_RATE_LIMITED);
    limit(commandRoom, roomId, now, ErrorCode.COMMAND_ROOM_RATE_LIMITED);
  }

  /** Forgets idle rate-limit state. */
  void sweep(long now) {
    for (KeyedRateLimiter l :
        List.of(broadcastUser, broadcastRoom, barrageUser, barrageRoom, commandUser, commandRoom)) {
      l.sweep(now);
    }
  }

  private static void limit(KeyedRateLimiter limiter, String key, long now, ErrorCode code) {
    if (limiter != null && !limiter.tryAcquire(key, now)) {
      throw code.exception();
    }
  }
}
