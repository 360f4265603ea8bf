package io.liveroom.gateway;

import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.contracts.PrivilegesChanged;
import io.liveroom.infra.contracts.StreamStopped;
import io.liveroom.infra.contracts.TrackMuteChanged;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Map;

/**
 * What room-service tells this gateway's sessions on the server API's behalf: one of their streams
 * was stopped ({@code publisherStateUpdate} NO_PUBLISH with the code), their publish privilege
 * changed ({@code roomPrivilegeUpdate}), a published track is to be muted ({@code publishTrackMuteUpdate}).
 */
final class ServerCommands {
  private final Map<String, Session> sessions;
  private final MediaRequests media;

  ServerCommands(Map<String, Session> sessions, MediaRequests media) {
    this.sessions = sessions;
    this.media = media;
  }

  /** Handles {@code body} if it is one of these commands; false otherwise. */
  boolean deliver(Object body) {
    if (body instanceof StreamStopped stopped) {
      at(stopped.sessionId(), stopped.roomId(), null, (session, seat) -> streamStopped(session, seat, stopped));
    } else if (body instanceof PrivilegesChanged changed) {
      at(changed.sessionId(), changed.roomId(), changed.userId(), (session, seat) -> {
        seat.serverPublish(changed.publish());
        session.push(seat, Protocol.push("roomPrivilegeUpdate").put("roomID", changed.roomId())
            .put("privileges", new JsonObject().put("login", true).put("publish", changed.publish())).encode());
      });
    } else if (body instanceof TrackMuteChanged mute) {
      at(mute.sessionId(), mute.roomId(), null, (session, seat) -> {
        if (seat.streams.contains(mute.streamId())) {
          session.push(seat, Protocol.push("publishTrackMuteUpdate").put("roomID", mute.roomId())
              .put("streamID", mute.streamId()).put("kind", mute.kind()).put("muted", mute.muted()).encode());
        }
      });
    } else {
      return false;
    }
    return true;
  }

  private void streamStopped(Session session, Session.Seat seat, StreamStopped stopped) {
    if (!seat.streams.remove(stopped.streamId())) {
      return;
    }
    seat.extraInfo.remove(stopped.streamId());
    String peerId = media.publisherPeer(session.id(), stopped.streamId());
    if (peerId != null) {
      media.stop(peerId); // room-service stopped it on the node already: only the tracking goes (no second push)
    }
    session.push(seat, Protocol.push("publisherStateUpdate").put("state", "NO_PUBLISH")
        .put("streamID", stopped.streamId()).put("errorCode", stopped.errorCode())
        .put("extendedData", stopped.reason() == null ? "" : stopped.reason()).encode());
  }

  private void at(String sessionId, String roomId, String userId,
      java.util.function.BiConsumer<Session, Session.Seat> action) {
    Session session = sessions.get(sessionId);
    Session.Seat seat = session == null ? null : session.rooms.get(roomId);
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
    return new TokenClaims(claims.userId(), claims.roomId(), privileges, claims.streamIds(), claims.issuedAt(),
        claims.expiresAt());
  }
}
