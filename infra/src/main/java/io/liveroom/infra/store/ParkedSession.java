package io.liveroom.infra.store;

import java.util.List;
import java.util.Map;

/**
 * A client session whose connection dropped, parked for the reconnect grace period: whoever {@link
 * SessionStore#take takes} it first wins, a resuming client (with its resume token) or the gateway
 * expiring it.
 */
public record ParkedSession(
    String sessionId, String resumeToken, String gatewayId, List<Seat> seats, long parkedAt) {
  public ParkedSession {
    seats = List.copyOf(seats);
  }

  /**
   * One room the session is in: the token it logged in with, the room's mode, the streams it
   * publishes there and their extra info (by streamID), and the publish privilege the server API
   * set for the seat ({@code serverPublish}, null: the token's).
   */
  public record Seat(
      String roomId,
      String userId,
      String userName,
      boolean userUpdate,
      String token,
      List<String> streams,
      String mode,
      Map<String, String> extraInfo,
      Boolean serverPublish) {
    public Seat {
      streams = List.copyOf(streams);
      extraInfo = extraInfo == null ? Map.of() : Map.copyOf(extraInfo);
    }

    /** A seat whose privileges are its token's. */
    public Seat(
        String roomId,
        String userId,
        String userName,
        boolean userUpdate,
        String token,
        List<String> streams,
        String mode,
        Map<String, String> extraInfo) {
      this(roomId, userId, userName, userUpdate, token, streams, mode, extraInfo, null);
    }
  }
}
