package io.liveroom.gateway.session;

import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.contracts.PrivilegesChanged;
import io.liveroom.infra.contracts.StreamStopped;
import io.liveroom.infra.contracts.TrackMuteChanged;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.function.BiConsumer;

/**
 * What room-service tells this gateway's sessions on the server API's behalf: one of their streams
 * was stopped ({@code publisherStateUpdate} NO_PUBLISH with the code), their publish privilege
 * changed ({@code roomPrivilegeUpdate}), a published track is to be muted ({@code
 * publishTrackMuteUpdate}).
 */
public final class ServerCommands {
  private final SessionRegistry sessions;
  private final MediaRequests media;

  public ServerCommands(SessionRegistry sessions, MediaRequests media) {
    this.sessions = sessions;
    this.media = media;
  }

  /**
   * One of the session's streams was stopped by the server: tracking ends, the publisher is told.
   */
  public void streamStopped(StreamStopped stopped) {
    at(
        stopped.sessionId(),
        stopped.roomId(),
        null,
        (session, seat) -> {
          if (!seat.streams.remove(stopped.streamId())) {
            return;
          }
          seat.extraInfo.remove(stopped.streamId());
          String peerId = media.publisherPeer(session.id(), stopped.streamId());
          if (peerId != null) {
            media.stop(
                peerId); // room-service stopped it on the node already: only the tracking goes (no
            // second push)
          }
          session.push(
              seat,
              Protocol.push("publisherStateUpdate")
                  .put("state", "NO_PUBLISH")
                  .put("streamID", stopped.streamId())
                  .put("errorCode", stopped.errorCode())
                  .put("extendedData", stopped.reason() == null ? "" : stopped.reason())
                  .encode());
        });
  }

  /** The server granted or took away publish: the seat's claims say so, and the user is told. */
  public void privilegesChanged(PrivilegesChanged changed) {
    at(
        changed.sessionId(),
        changed.roomId(),
        changed.userId(),
        (session, seat) -> {
          seat.serverPublish(changed.publish());
          session.push(
              seat,
              Protocol.push("roomPrivilegeUpdate")
                  .put("roomID", changed.roomId())
                  .put(
                      "privileges",
                      new JsonObject().put("login", true).put("publish", changed.publish()))
                  .encode());
        });
  }

  /**
   * The server muted or unmuted a track the session publishes: its SDK stops or resumes sending it.
   */
  public void trackMuteChanged(TrackMuteChanged mute) {
    at(
        mute.sessionId(),
        mute.roomId(),
        null,
        (session, seat) -> {
          if (seat.streams.contains(mute.streamId())) {
            session.push(
                seat,
                Protocol.push("publishTrackMuteUpdate")
                    .put("roomID", mute.roomId())
                    .put("streamID", mute.streamId())
                    .put("kind", mute.kind())
                    .put("muted", mute.muted())
                    .encode());
          }
        });
  }

  private void at(
      String sessionId, String roomId, String userId, BiConsumer<Session, Session.Seat> action) {
    Session session = sessions.get(sessionId);
    Session.Seat seat = session == null ? null : session.rooms().get(roomId);
    if (seat != null && (userId == null || seat.userId.equals(userId))) {
      action.accept(session, seat);
    }
  }

  /** {@code claims} with the publish privilege granted or taken away. */
  static TokenClaims withPublish(TokenClaims claims, boolean publish) {
    EnumSet<Privilege> privileges = EnumSet.noneOf(Privilege.class);
    privileges.addAll(claims.privileges());
    if (publish) {
      privileges.add(Privilege.PUBLISH);
    } else {
      privileges.remove(Privilege.PUBLISH);
    }
    return new TokenClaims(
        claims.userId(),
        claims.roomId(),
        privileges,
        claims.streamIds(),
        claims.issuedAt(),
        claims.expiresAt());
  }
}
