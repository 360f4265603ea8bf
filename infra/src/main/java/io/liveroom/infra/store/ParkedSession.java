package io.liveroom.infra.store;

import java.util.List;

/**
 * A client session whose connection dropped, parked for the reconnect grace period: whoever
 * {@link SessionStore#take takes} it first wins, a resuming client (with its resume token) or the
 * gateway expiring it.
 */
public record ParkedSession(String sessionId, String resumeToken, String gatewayId, List<Seat> seats, long parkedAt) {
  public ParkedSession {
    seats = List.copyOf(seats);
  }

  /** One room the session is in: the token it logged in with and the streams it publishes there. */
  public record Seat(String roomId, String userId, String userName, boolean userUpdate, String token,
      List<String> streams) {
    public Seat {
      streams = List.copyOf(streams);
    }
  }
}
