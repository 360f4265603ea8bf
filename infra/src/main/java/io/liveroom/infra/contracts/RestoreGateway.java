package io.liveroom.infra.contracts;

import java.util.List;

/**
 * A gateway's live state, re-asserted after the store lost it -> {@link RestoreReport}: every seat it
 * holds (connected or parked sessions) with the streams they publish, and the seats that left while
 * the store could not be told ({@code departed}: the room still has to see them go). The gateway's
 * list is complete: memberships the store holds through this gateway that are not in it (left
 * before an older snapshot was restored) are removed.
 */
public record RestoreGateway(String gatewayId, List<Seat> seats, List<Seat> departed) {
  public RestoreGateway {
    seats = List.copyOf(seats);
    departed = List.copyOf(departed);
  }

  /** One session's membership of one room; {@code mode} "live" or "p2p". */
  public record Seat(String roomId, String userId, String userName, String sessionId, String mode,
      List<Stream> streams) {
    public Seat {
      streams = streams == null ? List.of() : List.copyOf(streams);
    }
  }

  /** A stream the seat publishes; {@code nodeId} is its media node (null: signaling only). */
  public record Stream(String streamId, String extraInfo, String nodeId) {}
}
