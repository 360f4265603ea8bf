package io.liveroom.room;

import io.liveroom.infra.contracts.EventPayload.LeaveReason;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;

/**
 * The end of a session lost while it was handed from one gateway to another: the gateway that had
 * parked it was told it was resumed elsewhere ({@code SessionTakenOver}), but the resume never
 * moved it (the resume request timed out, e.g. on a room-service instance killed just then, or the
 * resuming gateway died first). The membership is then still held through the old gateway, which no
 * longer has the session, and no gateway's death would ever come to evict it; so the old gateway
 * asks, after the reconnect grace, for the session to leave wherever it still holds the membership
 * through it ({@link LogoutRoom#heldThrough()}).
 */
final class HandOvers {
  private HandOvers() {}

  /**
   * Removes the membership only if the session still holds it through {@code heldThrough}; nothing
   * is logged otherwise (the session lives on where it was resumed).
   */
  static Future<LogoutReply> logout(Stores stores, Departures departures, LogoutRoom logout) {
    return stores
        .membership()
        .leaveHeld(logout.roomId(), logout.userId(), logout.sessionId(), logout.heldThrough())
        .compose(
            removed -> {
              if (removed == null) {
                return Future.succeededFuture(new LogoutReply(logout.roomId(), false));
              }
              MemberLog.left(removed);
              return departures
                  .departed(removed, LeaveReason.of(logout.reason()))
                  .map(v -> new LogoutReply(logout.roomId(), true));
            });
  }
}
