package io.liveroom.infra.contracts;

import io.liveroom.infra.store.RoomExtraInfo;
import java.util.List;

/**
 * A gateway's live state, re-asserted after the store lost it -> {@link RestoreReport}: every seat
 * it holds (connected or parked sessions, and media-only sessions such as WHIP resources, which
 * keep the user's presence only where no other session of the user holds it) with the streams they
 * publish, the seats that left while the store could not be told ({@code departed}: the room still
 * has to see them go), and the extra info of the rooms it has members in. The gateway's list is
 * complete: memberships the store holds through this gateway that are not in it (left before an
 * older snapshot was restored) are removed.
 *
 * <p>{@code announce}: the gateway's lease had lapsed (a frozen JVM, a partition), so room-service
 * may have evicted its members and the rooms saw them leave (DELETE): a seat the store no longer
 * held is announced again as a join (ADD), once. False after a store loss, where nobody saw
 * anything leave.
 */
public record RestoreGateway(
    String gatewayId,
    List<Seat> seats,
    List<Seat> departed,
    List<Extra> extraInfo,
    boolean announce) {
  public RestoreGateway {
    seats = List.copyOf(seats);
    departed = List.copyOf(departed);
    extraInfo = extraInfo == null ? List.of() : List.copyOf(extraInfo);
  }

  /** After a store loss: nothing is announced. */
  public RestoreGateway(
      String gatewayId, List<Seat> seats, List<Seat> departed, List<Extra> extraInfo) {
    this(gatewayId, seats, departed, extraInfo, false);
  }

  /**
   * A room's extra info as the gateway last saw it (set again where the store has none or an older
   * value).
   */
  public record Extra(String roomId, RoomExtraInfo info) {}

  /** One session's membership of one room; {@code mode} "live" or "p2p". */
  public record Seat(
      String roomId,
      String userId,
      String userName,
      String sessionId,
      String mode,
      List<Stream> streams) {
    public Seat {
      streams = streams == null ? List.of() : List.copyOf(streams);
    }
  }

  /**
   * A stream the seat publishes; {@code nodeId} is its media node (null: signaling only) and {@code
   * peerId} the publisher peer there that owns it.
   */
  public record Stream(String streamId, String extraInfo, String nodeId, String peerId) {}
}
