package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.PublishStream;
import io.liveroom.infra.contracts.RoomStreamTrackMuted;
import io.liveroom.infra.contracts.SetStreamExtraInfo;
import io.liveroom.infra.contracts.StreamAck;
import io.liveroom.infra.contracts.UnpublishStream;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Stream requests: startPublishingStream (needs the token's publish privilege and, when it lists
 * streamIDs, one of them; with an {@code sdp} offer the stream gets media from the room's media
 * node and the reply carries the answer), stopPublishingStream, setStreamExtraInfo. The room is the
 * request's {@code roomID}, or the session's only room.
 */
public final class StreamRequests {
  private final String gatewayId;
  private final Bus bus;
  private final Fields fields;
  private final GatewayConfig config;
  private final TokenService tokens;
  private final MediaRequests media;

  public StreamRequests(
      String gatewayId, Bus bus, GatewayConfig config, TokenService tokens, MediaRequests media) {
    this.media = media;
    this.gatewayId = gatewayId;
    this.bus = bus;
    this.fields = new Fields(config);
    this.config = config;
    this.tokens = tokens;
  }

  public void register(ClientHandler handler) {
    handler.handle("startPublishingStream", this::publish);
    handler.handle("stopPublishingStream", this::unpublish);
    handler.handle("setStreamExtraInfo", this::setExtraInfo);
    handler.handle("muteStreamTrack", this::muteTrack);
  }

  /**
   * The publisher muted (or unmuted) one track of its own stream: every member of the room gets
   * {@code roomStreamTrackUpdate} (as for a server-API mute), so UIs can show it. Nothing is stored
   * and the media is untouched (the publisher's SDK already sends silence or black frames).
   */
  Future<Reply> muteTrack(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String roomId = roomOfStream(session, streamId);
    Session.Seat seat = session.rooms().get(roomId);
    session.checkToken(seat);
    Object kind = request.getValue("kind");
    if (!"audio".equals(kind) && !"video".equals(kind)) {
      throw ErrorCode.INVALID_FIELD.exception("kind must be \"audio\" or \"video\"");
    }
    Object muted = request.getValue("muted");
    if (!(muted instanceof Boolean)) {
      throw ErrorCode.INVALID_FIELD.exception("muted must be true or false");
    }
    bus.publish(
        Addresses.roomEvents(roomId),
        new RoomStreamTrackMuted(roomId, streamId, seat.userId, (String) kind, (Boolean) muted));
    return Future.succeededFuture(
        Reply.of(
            new JsonObject()
                .put("roomID", roomId)
                .put("streamID", streamId)
                .put("kind", kind)
                .put("muted", muted)));
  }

  Future<Reply> publish(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String roomId = roomOf(session, request);
    Session.Seat seat = RoomRequests.seat(session, roomId);
    if (seat.claims == null) {
      throw ErrorCode.TOKEN_EXPIRED.exception(
          "the login token expired while the session was away: log in again");
    }
    tokens.authorizePublish(seat.claims, seat.userId, roomId, streamId);
    String extraInfo = fields.text(request, "extraInfo", false);
    if (!seat.streams.contains(streamId)
        && session.streamCount() >= config.maxStreamsPerSession()) {
      throw ErrorCode.TOO_MANY_STREAMS.exception(
          "a connection may publish at most " + config.maxStreamsPerSession() + " streams");
    }
    Object sdp = request.getValue("sdp");
    if (sdp != null && !(sdp instanceof String)) {
      throw ErrorCode.INVALID_FIELD.exception("sdp must be the SDP offer as a string");
    }
    boolean withMedia = sdp != null;
    return bus.request(
            Addresses.ROOM_STREAM_PUBLISH,
            new PublishStream(
                roomId,
                streamId,
                seat.userId,
                seat.userName,
                session.id(),
                gatewayId,
                extraInfo,
                withMedia),
            StreamAck.class)
        .compose(
            ack -> {
              seat.streams.add(streamId);
              seat.extraInfo.put(streamId, extraInfo);
              JsonObject body = new JsonObject().put("roomID", roomId).put("streamID", streamId);
              if (!withMedia) {
                return Future.succeededFuture(Reply.of(body));
              }
              return media
                  .publish(session.id(), roomId, streamId, ack.nodeId(), ack.peerId(), (String) sdp)
                  .map(answer -> Reply.of(body.put("sdp", answer.answerSdp())))
                  .recover(
                      failure -> { // no media, no stream: take the registration back
                        seat.streams.remove(streamId);
                        seat.extraInfo.remove(streamId);
                        return bus.request(
                                Addresses.ROOM_STREAM_UNPUBLISH,
                                new UnpublishStream(roomId, streamId, session.id()),
                                StreamAck.class)
                            .transform(x -> Future.failedFuture(failure));
                      });
            });
  }

  Future<Reply> unpublish(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String roomId = roomOfStream(session, streamId);
    return bus.request(
            Addresses.ROOM_STREAM_UNPUBLISH,
            new UnpublishStream(roomId, streamId, session.id()),
            StreamAck.class)
        .map(
            ack -> {
              Session.Seat seat = session.rooms().get(roomId);
              if (seat != null) {
                seat.streams.remove(streamId);
                seat.extraInfo.remove(streamId);
              }
              return Reply.of(new JsonObject().put("roomID", roomId).put("streamID", streamId));
            });
  }

  Future<Reply> setExtraInfo(Session session, JsonObject request) {
    String streamId = fields.id(request, "streamID");
    String roomId = roomOfStream(session, streamId);
    session.checkToken(session.rooms().get(roomId));
    String extraInfo = fields.text(request, "extraInfo", false);
    return bus.request(
            Addresses.ROOM_STREAM_EXTRA_INFO_SET,
            new SetStreamExtraInfo(roomId, streamId, session.id(), extraInfo),
            StreamAck.class)
        .map(
            ack -> {
              Session.Seat seat = session.rooms().get(roomId);
              if (seat != null && seat.streams.contains(streamId)) {
                seat.extraInfo.put(streamId, extraInfo);
              }
              return Reply.of(new JsonObject().put("roomID", roomId).put("streamID", streamId));
            });
  }

  private String roomOf(Session session, JsonObject request) {
    if (request.getValue("roomID") != null) {
      return fields.id(request, "roomID");
    }
    if (session.rooms().size() == 1) {
      return session.rooms().keySet().iterator().next();
    }
    throw session.rooms().isEmpty()
        ? ErrorCode.NOT_LOGGED_IN.exception("log into a room first")
        : ErrorCode.INVALID_FIELD.exception(
            "roomID is required when the connection is in several rooms");
  }

  private static String roomOfStream(Session session, String streamId) {
    for (Map.Entry<String, Session.Seat> e : session.rooms().entrySet()) {
      if (e.getValue().streams.contains(streamId)) {
        return e.getKey();
      }
    }
    throw ErrorCode.STREAM_NOT_FOUND.exception("this connection does not publish " + streamId);
  }
}
