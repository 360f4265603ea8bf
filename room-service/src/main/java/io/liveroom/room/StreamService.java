package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.OpenMediaSession;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RoomStreamExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.contracts.UnpublishStream;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.Stores;
import io.liveroom.infra.store.StreamRecord;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The stream registry: publish, unpublish, stream extra info, with their room events. A stream with
 * media is placed on a media node and announced (ADD) only when the node reports its media flowing;
 * when the node reports the publisher gone, the stream goes (DELETE).
 */
public final class StreamService {
  private static final String PUBLISHER = "PUBLISHER";
  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;
  private final Clock clock;
  private final MediaPlacement placement;

  public StreamService(
      Stores stores, RoomEvents events, RoomConfig config, Clock clock, MediaPlacement placement) {
    this.stores = stores;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.placement = placement;
  }

  public Future<StreamAck> publish(PublishStream publish) {
    String extra = publish.extraInfo() == null ? "" : publish.extraInfo();
    checkExtraInfo(extra);
    return requireMember(publish.roomId(), publish.userId(), publish.sessionId())
        .compose(
            v ->
                publish.media()
                    ? placement.nodeFor(publish.roomId())
                    : Future.succeededFuture((String) null))
        .compose(
            nodeId -> {
              // the registry names the publisher peer that will own the stream's media on the node
              String peerId = nodeId == null ? null : "pub-" + UUID.randomUUID();
              StreamRecord stream =
                  new StreamRecord(
                      publish.streamId(),
                      publish.roomId(),
                      publish.userId(),
                      publish.userName(),
                      publish.sessionId(),
                      publish.gatewayId(),
                      extra,
                      clock.millis(),
                      nodeId,
                      nodeId == null,
                      peerId);
              return stores
                  .streams()
                  .add(stream)
                  .compose(holder -> registered(publish, stream, holder));
            });
  }

  private Future<StreamAck> registered(
      PublishStream publish, StreamRecord stream, StreamRecord holder) {
    if (holder == null) {
      StreamAck ack =
          new StreamAck(publish.roomId(), publish.streamId(), stream.nodeId(), stream.peerId());
      if (!stream.live()) {
        return Future.succeededFuture(ack);
      }
      return events
          .record(List.of(RoomFacts.streamAdded(stream)))
          .map(
              v -> {
                events.publish(
                    publish.roomId(),
                    new RoomStreamUpdated(
                        publish.roomId(),
                        UpdateType.ADD,
                        List.of(Departures.info(stream)),
                        publish.sessionId()));
                return ack;
              });
    }
    if (holder.sessionId().equals(publish.sessionId())
        && holder.roomId().equals(publish.roomId())
        && holder.nodeId() == null
        && !publish.media()) {
      return Future.succeededFuture(
          new StreamAck(publish.roomId(), publish.streamId(), null)); // again
    }
    // a stream with media has one publisher peer: a second publish (another session's, or a retry
    // of
    // the same one while the first peer holds the streamID) is refused and leaves the first
    // untouched
    return Future.failedFuture(
        ErrorCode.STREAM_ID_TAKEN.exception(
            "streamID "
                + publish.streamId()
                + " is already published"
                + (holder.sessionId().equals(publish.sessionId()) ? " (stop it first)" : "")));
  }

  public Future<StreamAck> unpublish(UnpublishStream unpublish) {
    return stores
        .streams()
        .get(unpublish.streamId())
        .compose(
            current -> {
              if (current == null || !current.roomId().equals(unpublish.roomId())) {
                return Future.failedFuture(
                    ErrorCode.STREAM_NOT_FOUND.exception(
                        "no stream " + unpublish.streamId() + " in room " + unpublish.roomId()));
              }
              if (!current.sessionId().equals(unpublish.sessionId())) {
                return Future.failedFuture(
                    ErrorCode.NOT_STREAM_OWNER.exception(
                        "stream " + unpublish.streamId() + " belongs to another session"));
              }
              return stores
                  .streams()
                  .remove(unpublish.streamId(), unpublish.sessionId())
                  .compose(
                      removed ->
                          Departures.streamsRemoved(
                              events,
                              unpublish.roomId(),
                              Collections.singletonList(removed),
                              unpublish.sessionId(),
                              RoomFacts.UNPUBLISH))
                  .map(
                      v ->
                          new StreamAck(
                              unpublish.roomId(), unpublish.streamId(), current.nodeId()));
            });
  }

  public Future<StreamAck> setExtraInfo(SetStreamExtraInfo set) {
    String extra = set.extraInfo() == null ? "" : set.extraInfo();
    checkExtraInfo(extra);
    return stores
        .streams()
        .setExtraInfo(set.streamId(), set.sessionId(), extra)
        .compose(
            updated -> {
              if (updated == null) {
                return stores
                    .streams()
                    .get(set.streamId())
                    .compose(
                        current ->
                            Future.failedFuture(
                                current == null
                                    ? ErrorCode.STREAM_NOT_FOUND.exception(
                                        "no stream " + set.streamId())
                                    : ErrorCode.NOT_STREAM_OWNER.exception(
                                        "stream "
                                            + set.streamId()
                                            + " belongs to another session")));
              }
              StreamAck ack = new StreamAck(updated.roomId(), updated.streamId(), updated.nodeId());
              if (!updated.live()) {
                return Future.succeededFuture(ack);
              }
              return events
                  .record(List.of(RoomFacts.streamExtraInfo(updated)))
                  .map(
                      v -> {
                        events.publish(
                            updated.roomId(),
                            new RoomStreamExtraInfoUpdated(
                                updated.roomId(),
                                List.of(Departures.info(updated)),
                                set.sessionId()));
                        return ack;
                      });
            });
  }

  /** Where to play a live stream from. */
  public Future<StreamLocation> locate(LocateStream locate) {
    return stores
        .streams()
        .get(locate.streamId())
        .compose(
            s ->
                s == null || !s.live()
                    ? Future.failedFuture(
                        ErrorCode.STREAM_NOT_FOUND.exception("no live stream " + locate.streamId()))
                    : Future.succeededFuture(
                        new StreamLocation(s.streamId(), s.roomId(), s.nodeId())));
  }

  /**
   * A media node reports a publisher's media flowing (ADD) or gone for good (DELETE). Only a report
   * about the peer that owns the stream ({@link StreamRecord#peerId()} on its node) changes it; a
   * late or stale one (an older peer of the same streamID, another node) changes nothing.
   */
  public Future<Void> mediaUpdated(MediaPeerUpdated update) {
    if (!PUBLISHER.equals(update.role())) {
      return Future.succeededFuture();
    }
    if ("CONNECTED".equals(update.state())) {
      return stores
          .streams()
          .markPeerLive(update.streamId(), update.nodeId(), update.peerId())
          .compose(
              live ->
                  live == null
                      ? Future.succeededFuture()
                      : events
                          .record(List.of(RoomFacts.streamAdded(live)))
                          .onSuccess(
                              v ->
                                  events.publish(
                                      live.roomId(),
                                      new RoomStreamUpdated(
                                          live.roomId(),
                                          UpdateType.ADD,
                                          List.of(Departures.info(live)),
                                          live.sessionId()))));
    }
    return stores
        .streams()
        .removePeer(update.streamId(), update.nodeId(), update.peerId())
        .compose(
            removed ->
                removed == null
                    ? Future.succeededFuture()
                    : Departures.streamsRemoved(
                        events,
                        removed.roomId(),
                        Collections.singletonList(removed),
                        removed.sessionId(),
                        RoomFacts.MEDIA_ENDED));
  }

  private void checkExtraInfo(String extra) {
    if (Unicode.requireUtf8Length(extra, "extraInfo") > config.extraInfo().maxStreamBytes()) {
      throw ErrorCode.STREAM_EXTRA_INFO_TOO_LARGE.exception(
          "stream extra info is limited to " + config.extraInfo().maxStreamBytes() + " bytes");
    }
  }

  /**
   * The session holds the user's membership, or is a media session of the user, who is in the room.
   */
  private Future<Void> requireMember(String roomId, String userId, String sessionId) {
    return stores
        .membership()
        .member(roomId, userId)
        .compose(
            m ->
                m != null
                        && (m.sessionId().equals(sessionId)
                            || OpenMediaSession.isMediaSession(sessionId))
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        ErrorCode.NOT_LOGGED_IN.exception("not logged into room " + roomId)));
  }
}
