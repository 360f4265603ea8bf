package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RoomStreamExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.UnpublishStream;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.StreamRecord;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/** The stream registry: publish, unpublish, stream extra info, with their room events. */
public final class StreamService {
  private final Stores stores;
  private final RoomEvents events;
  private final RoomConfig config;
  private final Clock clock;

  public StreamService(Stores stores, RoomEvents events, RoomConfig config, Clock clock) {
    this.stores = stores;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  public Future<StreamAck> publish(PublishStream publish) {
    String extra = publish.extraInfo() == null ? "" : publish.extraInfo();
    checkExtraInfo(extra);
    StreamRecord stream = new StreamRecord(publish.streamId(), publish.roomId(), publish.userId(), publish.userName(),
        publish.sessionId(), publish.gatewayId(), extra, clock.millis());
    return requireMember(publish.roomId(), publish.userId(), publish.sessionId())
        .compose(v -> stores.streams().add(stream))
        .compose(holder -> {
          if (holder == null) {
            events.publish(publish.roomId(), new RoomStreamUpdated(publish.roomId(), UpdateType.ADD,
                List.of(Departures.info(stream)), publish.sessionId()));
            return Future.succeededFuture(new StreamAck(publish.roomId(), publish.streamId()));
          }
          if (holder.sessionId().equals(publish.sessionId()) && holder.roomId().equals(publish.roomId())) {
            return Future.succeededFuture(new StreamAck(publish.roomId(), publish.streamId())); // idempotent
          }
          return Future.failedFuture(ErrorCode.STREAM_ID_TAKEN.exception("streamID " + publish.streamId()
              + " is already published"));
        });
  }

  public Future<StreamAck> unpublish(UnpublishStream unpublish) {
    return stores.streams().get(unpublish.streamId()).compose(current -> {
      if (current == null || !current.roomId().equals(unpublish.roomId())) {
        return Future.failedFuture(ErrorCode.STREAM_NOT_FOUND.exception("no stream " + unpublish.streamId()
            + " in room " + unpublish.roomId()));
      }
      if (!current.sessionId().equals(unpublish.sessionId())) {
        return Future.failedFuture(ErrorCode.NOT_STREAM_OWNER.exception("stream " + unpublish.streamId()
            + " belongs to another session"));
      }
      return stores.streams().remove(unpublish.streamId(), unpublish.sessionId()).map(removed -> {
        if (removed != null) {
          events.publish(unpublish.roomId(), new RoomStreamUpdated(unpublish.roomId(), UpdateType.DELETE,
              List.of(Departures.info(removed)), unpublish.sessionId()));
        }
        return new StreamAck(unpublish.roomId(), unpublish.streamId());
      });
    });
  }

  public Future<StreamAck> setExtraInfo(SetStreamExtraInfo set) {
    String extra = set.extraInfo() == null ? "" : set.extraInfo();
    checkExtraInfo(extra);
    return stores.streams().setExtraInfo(set.streamId(), set.sessionId(), extra).compose(updated -> {
      if (updated == null) {
        return stores.streams().get(set.streamId()).compose(current -> Future.failedFuture(current == null
            ? ErrorCode.STREAM_NOT_FOUND.exception("no stream " + set.streamId())
            : ErrorCode.NOT_STREAM_OWNER.exception("stream " + set.streamId() + " belongs to another session")));
      }
      events.publish(updated.roomId(), new RoomStreamExtraInfoUpdated(updated.roomId(),
          List.of(Departures.info(updated)), set.sessionId()));
      return Future.succeededFuture(new StreamAck(updated.roomId(), updated.streamId()));
    });
  }

  private void checkExtraInfo(String extra) {
    if (extra.getBytes(StandardCharsets.UTF_8).length > config.maxStreamExtraInfoBytes()) {
      throw ErrorCode.STREAM_EXTRA_INFO_TOO_LARGE.exception("stream extra info is limited to "
          + config.maxStreamExtraInfoBytes() + " bytes");
    }
  }

  private Future<Void> requireMember(String roomId, String userId, String sessionId) {
    return stores.membership().member(roomId, userId).compose(m -> m != null && m.sessionId().equals(sessionId)
        ? Future.succeededFuture()
        : Future.failedFuture(ErrorCode.NOT_LOGGED_IN.exception("not logged into room " + roomId)));
  }
}
