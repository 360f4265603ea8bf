package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayNode;
import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.contracts.RestoreReport;
import io.liveroom.infra.store.ParkedSession;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * After the store lost its state ({@code StoreReset}), this gateway still holds the live truth: its
 * connected and parked sessions, the rooms they are in, the streams they publish and the rooms'
 * extra info. It re-asserts all of it to room-service in one {@link RestoreGateway} (retried every
 * {@link #RETRY_MS} until it succeeds; a newer loss supersedes an older one), puts its parked
 * sessions back so they can still be resumed anywhere, and reports presence at once. Members notice
 * nothing, except a session whose user logged in elsewhere meanwhile: it is kicked as a duplicate
 * login, as it would have been with the store intact.
 */
public final class StoreRecovery {
  private static final System.Logger LOG = System.getLogger(StoreRecovery.class.getName());

  /** A restore carries the whole gateway: allow far more than one request's timeout. */
  static final long RESTORE_TIMEOUT_MS = 60_000;

  static final long RETRY_MS = 1_000;
  private final GatewayNode gateway;
  private final SessionRegistry sessions;
  private final SessionLifecycle lifecycle;
  private final MediaRequests media;
  private final RoomRequests rooms;
  private final PendingLeaves leaves;
  private final KnownExtraInfo extraInfo;
  private final List<Supplier<List<RestoreGateway.Seat>>> extraSeats = new ArrayList<>();
  private long generation;

  public StoreRecovery(
      GatewayNode gateway,
      SessionRegistry sessions,
      SessionLifecycle lifecycle,
      MediaRequests media,
      RoomRequests rooms,
      PendingLeaves leaves,
      KnownExtraInfo extraInfo) {
    this.gateway = gateway;
    this.sessions = sessions;
    this.lifecycle = lifecycle;
    this.media = media;
    this.rooms = rooms;
    this.leaves = leaves;
    this.extraInfo = extraInfo;
  }

  /** Seats held outside client sockets (WHIP publishers), re-asserted with the others. */
  public void addSeats(Supplier<List<RestoreGateway.Seat>> source) {
    extraSeats.add(source);
  }

  public void storeReset() {
    long attempt = ++generation;
    lifecycle.repark();
    restore(attempt);
  }

  private void restore(long attempt) {
    if (attempt != generation) {
      return; // a newer loss restarted the restore
    }
    RestoreGateway state =
        new RestoreGateway(gateway.id(), seats(), leaves.unannounced(), extraInfo.all());
    gateway
        .bus()
        .request(Addresses.ROOM_GATEWAY_RESTORE, state, RestoreReport.class, RESTORE_TIMEOUT_MS)
        .onSuccess(report -> restored(state, report))
        .onFailure(
            e -> {
              LOG.log(
                  System.Logger.Level.WARNING,
                  "re-asserting "
                      + state.seats().size()
                      + " seat(s) after a store loss"
                      + " failed ("
                      + e.getMessage()
                      + "); retrying in "
                      + RETRY_MS
                      + " ms");
              gateway.vertx().setTimer(RETRY_MS, t -> restore(attempt));
            });
  }

  private void restored(RestoreGateway state, RestoreReport report) {
    leaves.announced(state.departed());
    for (RestoreGateway.Seat seat : report.refused()) {
      Session session = sessions.get(seat.sessionId());
      if (session != null) {
        rooms.kicked(
            session,
            new KickSession(
                seat.sessionId(),
                seat.roomId(),
                seat.userId(),
                ErrorCode.KICKED_DUPLICATE_LOGIN.code(),
                ErrorCode.KICKED_DUPLICATE_LOGIN.message()));
      }
    }
    // seats that left while the restore was on its way were put back by it: they leave again
    Set<String> now = new HashSet<>();
    seats().forEach(s -> now.add(key(s)));
    Set<String> refused = new HashSet<>();
    report.refused().forEach(s -> refused.add(key(s)));
    for (RestoreGateway.Seat seat : state.seats()) {
      if (!now.contains(key(seat)) && !refused.contains(key(seat))) {
        leaves.logout(seat.roomId(), seat.userId(), seat.userName(), seat.sessionId());
      }
    }
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

  private static String key(RestoreGateway.Seat seat) {
    return seat.roomId() + "\n" + seat.userId() + "\n" + seat.sessionId();
  }
}
