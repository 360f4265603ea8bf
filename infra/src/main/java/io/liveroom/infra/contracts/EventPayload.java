package io.liveroom.infra.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Locale;
import java.util.Map;

/**
 * The type-specific part of a {@link LiveEvent}. Field names are the wire names (ZEGO style {@code
 * userID}, {@code streamID}); reasons are lowercase words.
 */
public sealed interface EventPayload {
  String ROOM_CREATED = "room.created";
  String ROOM_CLOSED = "room.closed";
  String USER_JOINED = "user.joined";
  String USER_LEFT = "user.left";
  String STREAM_ADDED = "stream.added";
  String STREAM_REMOVED = "stream.removed";
  String STREAM_EXTRA_INFO = "stream.extraInfo";
  String ROOM_EXTRA_INFO = "room.extraInfo";
  String MEDIA_ROOM_MOVED = "media.roomMoved";
  String MESSAGE_BROADCAST = "message.broadcast";
  String EGRESS_STARTED = "egress.started";
  String EGRESS_ENDED = "egress.ended";
  String EGRESS_FAILED = "egress.failed";

  /** The event's {@code type}. */
  @JsonIgnore
  String type();

  /**
   * Why a member left: the {@code reason} of {@code user.left} (and of the room's {@code
   * room.closed}).
   */
  enum LeaveReason {
    LOGOUT,
    KICKED,
    DUPLICATE_LOGIN,
    HEARTBEAT_TIMEOUT,
    GATEWAY_LOST,
    ROOM_CLOSED,
    /**
     * Only the event log's reconciliation: the membership store no longer has the session (its
     * leave was lost, e.g. with a room-service killed before its append).
     */
    STALE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The reason a wire word names; null or unknown words are LOGOUT. */
    public static LeaveReason of(String wire) {
      for (LeaveReason r : values()) {
        if (r.wire().equals(wire)) {
          return r;
        }
      }
      return LOGOUT;
    }
  }

  /** The room opened (its first member joined). */
  record RoomCreated() implements EventPayload {
    public String type() {
      return ROOM_CREATED;
    }
  }

  /**
   * The room closed: {@code reason} "empty" (its last member left) or "admin" (closed by the admin
   * API).
   */
  record RoomClosed(String reason) implements EventPayload {
    public String type() {
      return ROOM_CLOSED;
    }
  }

  record UserJoined(String userID, String userName, String sessionID, String gatewayID)
      implements EventPayload {
    public String type() {
      return USER_JOINED;
    }
  }

  /** {@code reason}: a {@link LeaveReason#wire()} word. */
  record UserLeft(String userID, String userName, String sessionID, String reason)
      implements EventPayload {
    public String type() {
      return USER_LEFT;
    }
  }

  record StreamAdded(
      String streamID, String userID, String userName, String sessionID, String extraInfo)
      implements EventPayload {
    public String type() {
      return STREAM_ADDED;
    }
  }

  /**
   * {@code reason}: "unpublish", "media_ended" (the media node lost the publisher), "media_moved"
   * (its room moved to another media node), "replaced" (a duplicate login took the user's place),
   * or a {@link LeaveReason#wire()} word when it went with its publisher's membership.
   */
  record StreamRemoved(String streamID, String userID, String sessionID, String reason)
      implements EventPayload {
    public String type() {
      return STREAM_REMOVED;
    }
  }

  record StreamExtraInfo(String streamID, String userID, String extraInfo) implements EventPayload {
    public String type() {
      return STREAM_EXTRA_INFO;
    }
  }

  record RoomExtraInfo(String key, String value, String userID, String userName)
      implements EventPayload {
    public String type() {
      return ROOM_EXTRA_INFO;
    }
  }

  /** {@code toNodeID} null: no live node took the room. {@code reason}: "failover" or "drain". */
  record MediaRoomMoved(String fromNodeID, String toNodeID, String reason) implements EventPayload {
    public String type() {
      return MEDIA_ROOM_MOVED;
    }
  }

  record MessageBroadcast(
      long messageID, String fromUserID, String fromUserName, String message, long sendTime)
      implements EventPayload {
    public String type() {
      return MESSAGE_BROADCAST;
    }
  }

  /**
   * An egress job (record, hls, rtmp) of one of the room's streams runs; {@code output}: file path
   * or URL.
   */
  record EgressStarted(String jobID, String kind, String streamID, String output)
      implements EventPayload {
    public String type() {
      return EGRESS_STARTED;
    }
  }

  /** The job ended cleanly (stopped, or its publisher stopped): the file is finalized. */
  record EgressEnded(String jobID, String kind, String streamID, String output, String manifest)
      implements EventPayload {
    public String type() {
      return EGRESS_ENDED;
    }
  }

  /** The job failed (ffmpeg exited, its egress node was lost); {@code error} says how. */
  record EgressFailed(String jobID, String kind, String streamID, String output, String error)
      implements EventPayload {
    public String type() {
      return EGRESS_FAILED;
    }
  }

  Map<String, Class<? extends EventPayload>> TYPES =
      Map.ofEntries(
          Map.entry(ROOM_CREATED, RoomCreated.class),
          Map.entry(ROOM_CLOSED, RoomClosed.class),
          Map.entry(USER_JOINED, UserJoined.class),
          Map.entry(USER_LEFT, UserLeft.class),
          Map.entry(STREAM_ADDED, StreamAdded.class),
          Map.entry(STREAM_REMOVED, StreamRemoved.class),
          Map.entry(STREAM_EXTRA_INFO, StreamExtraInfo.class),
          Map.entry(ROOM_EXTRA_INFO, RoomExtraInfo.class),
          Map.entry(MEDIA_ROOM_MOVED, MediaRoomMoved.class),
          Map.entry(MESSAGE_BROADCAST, MessageBroadcast.class),
          Map.entry(EGRESS_STARTED, EgressStarted.class),
          Map.entry(EGRESS_ENDED, EgressEnded.class),
          Map.entry(EGRESS_FAILED, EgressFailed.class));

  static Class<? extends EventPayload> typeOf(String type) {
    return TYPES.get(type);
  }
}
