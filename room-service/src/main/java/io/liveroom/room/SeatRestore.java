package io.liveroom.room;

import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.logging.LogFields;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.RoomInfo;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.vertx.core.Future;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One seat of a gateway's {@link RestoreGateway} put back into the store: its room (reopened with
 * the seat's mode and the default cap), its membership and its streams with their placements,
 * unless another session took the user's place or a stream meanwhile. Part of {@link Restoration}.
 */
final class SeatRestore {
  private static final Logger LOG = LoggerFactory.getLogger(SeatRestore.class);
  private final Stores stores;
  private final RoomConfig config;
  private final Clock clock;

  SeatRestore(Stores stores, RoomConfig config, Clock clock) {
    this.stores = stores;
    this.config = config;
    this.clock = clock;
  }

  /**
   * Yields true when another session holds the user's place now. A media-only session (WHIP) keeps
   * its streams under whichever session holds the user's presence; a client session takes the
   * presence back from a media-only one, as its login would.
   */
  Future<Boolean> restore(String gatewayId, RestoreGateway.Seat seat) {
    String mode = RoomInfo.P2P.equals(seat.mode()) ? RoomInfo.P2P : RoomInfo.LIVE;
    int cap = RoomInfo.P2P.equals(mode) ? config.p2pMaxMembers() : config.defaultMaxMembers();
    long now = clock.millis();
    Member member =
        new Member(seat.roomId(), seat.userId(), seat.userName(), seat.sessionId(), gatewayId, now);
    boolean mediaOnly = OpenMediaSession.isMediaSession(seat.sessionId());
    return stores
        .rooms()
        .open(new RoomInfo(seat.roomId(), mode, cap, now))
        .compose(room -> stores.membership().restore(member))
        .compose(
            holder ->
                holder == null || mediaOnly
                    ? Future.succeededFuture(false)
                    : OpenMediaSession.isMediaSession(holder.sessionId())
                        ? stores.membership().join(member, 0).map(false)
                        : Future.succeededFuture(true))
        .compose(
            taken ->
                taken
                    ? Future.succeededFuture(true)
                    : Future.all(
                            seat.streams().stream()
                                .map(s -> stream(gatewayId, seat, s, now))
                                .toList())
                        .map(false));
  }

  private Future<Void> stream(
      String gatewayId, RestoreGateway.Seat seat, RestoreGateway.Stream stream, long now) {
    StreamRecord record =
        new StreamRecord(
            stream.streamId(),
            seat.roomId(),
            seat.userId(),
            seat.userName(),
            seat.sessionId(),
            gatewayId,
            stream.extraInfo() == null ? "" : stream.extraInfo(),
            now,
            stream.nodeId(),
            true,
            stream.peerId());
    Future<?> placed =
        stream.nodeId() == null
            ? Future.succeededFuture()
            : stores
                .placements()
                .place(seat.roomId(), stream.nodeId(), config.placement().leaseMs());
    return placed
        .compose(p -> stores.streams().add(record))
        .map(
            holder -> {
              if (holder != null && !holder.sessionId().equals(seat.sessionId())) {
                LOG.atWarn()
                    .addKeyValue(LogFields.ROOM_ID, seat.roomId())
                    .addKeyValue(LogFields.USER_ID, seat.userId())
                    .addKeyValue(LogFields.SESSION_ID, seat.sessionId())
                    .addKeyValue(LogFields.STREAM_ID, stream.streamId())
                    .log(
                        "stream {} of session {} was taken by session {} while the store was away; not restored",
                        stream.streamId(),
                        seat.sessionId(),
                        holder.sessionId());
              }
              return null;
            });
  }
}
