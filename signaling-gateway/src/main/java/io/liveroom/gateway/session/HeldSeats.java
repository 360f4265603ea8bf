package io.liveroom.gateway.session;

import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.store.ParkedSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every seat this gateway holds, as {@link StoreRecovery} re-asserts them after a store loss: the
 * connected sessions', the parked sessions' and those held outside client sockets (WHIP
 * publishers), each with the streams published there.
 */
public final class HeldSeats {
  private final SessionRegistry sessions;
  private final SessionLifecycle lifecycle;
  private final MediaRequests media;
  private final List<Supplier<List<RestoreGateway.Seat>>> extraSeats = new ArrayList<>();

  public HeldSeats(SessionRegistry sessions, SessionLifecycle lifecycle, MediaRequests media) {
    this.sessions = sessions;
    this.lifecycle = lifecycle;
    this.media = media;
  }

  /** Seats held outside client sockets (WHIP publishers), re-asserted with the others. */
  public void addSeats(Supplier<List<RestoreGateway.Seat>> source) {
    extraSeats.add(source);
  }

  /** The sessions parked here go back into the store, so they can still be resumed anywhere. */
  void repark() {
    lifecycle.repark();
  }

  /** Every seat this gateway holds now: connected sessions, parked sessions, other sources. */
  List<RestoreGateway.Seat> seats() {
    List<RestoreGateway.Seat> out = new ArrayList<>();
    for (Session session : sessions.all()) {
      session
          .rooms()
          .forEach(
              (roomId, seat) -> {
                if (seat.active()) {
                  out.add(
                      new RestoreGateway.Seat(
                          roomId,
                          seat.userId,
                          seat.userName,
                          session.id(),
                          seat.mode,
                          streams(session.id(), seat.streams, seat.extraInfo)));
                }
              });
    }
    for (ParkedSession parked : lifecycle.parked()) {
      for (ParkedSession.Seat seat : parked.seats()) {
        out.add(
            new RestoreGateway.Seat(
                seat.roomId(),
                seat.userId(),
                seat.userName(),
                parked.sessionId(),
                seat.mode(),
                streams(parked.sessionId(), seat.streams(), seat.extraInfo())));
      }
    }
    extraSeats.forEach(source -> out.addAll(source.get()));
    return out;
  }

  private List<RestoreGateway.Stream> streams(
      String sessionId, Iterable<String> streamIds, Map<String, String> extra) {
    List<RestoreGateway.Stream> out = new ArrayList<>();
    for (String streamId : streamIds) {
      out.add(stream(media, sessionId, streamId, extra.getOrDefault(streamId, "")));
    }
    return out;
  }

  /**
   * One published stream as re-asserted: with its media node and owning peer when it has media
   * here.
   */
  public static RestoreGateway.Stream stream(
      MediaRequests media, String sessionId, String streamId, String extraInfo) {
    String peerId = media.publisherPeer(sessionId, streamId);
    MediaRequests.Peer peer = media.peer(peerId);
    return new RestoreGateway.Stream(
        streamId, extraInfo, peer == null ? null : peer.nodeId(), peerId);
  }
}
