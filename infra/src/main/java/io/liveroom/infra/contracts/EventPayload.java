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

  /** The event's {@code type}: the wire name {@link #TYPES} gives its record. */
  @JsonIgnore
  default String type() {
    for (Map.Entry<String, Class<? extends EventPayload>> e : TYPES.entrySet()) {
      if (e.getValue() == getClass()) {
        return e.getKey();
      }
    }
    throw new IllegalStateException(getClass() + " is missing from EventPayload.TYPES");
  }

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
  record RoomCreated() implements EventPayload {}

  /**
   * The room closed: {@code reason} "empty" (its last member left) or "admin" (closed by the admin
   * API).
   */
  record RoomClosed(String reason) implements EventPayload {}

  record UserJoined(String userID, String userName, String sessionID, String gatewayID)
      implements EventPayload {}

  /** {@code reason}: a {@link LeaveReason#wire()} word. */
  record UserLeft(String userID, String userName, String sessionID, String reason)
      implements EventPayload {}

  record StreamAdded(
      String streamID, String userID, String userName, String sessionID, String extraInfo)
      implements EventPayload {}

  /**
   * {@code reason}: "unpublish", "media_ended" (the media node lost the publisher), "media_moved"
   * (its room moved to another media node), "replaced" (a duplicate login took the user's place),
   * or a {@link LeaveReason#wire()} word when it went with its publisher's membership.
   */
  record StreamRemoved(String streamID, String userID, String sessionID, String reason)
      implements EventPayload {}

  record StreamExtraInfo(String streamID, String userID, String extraInfo)
      implements EventPayload {}

  record RoomExtraInfo(String key, String value, String userID, String userName)
      implements EventPayload {}

  /** {@code toNodeID} null: no live node took the room. {@code reason}: "failover" or "drain". */
  record MediaRoomMoved(String fromNodeID, String toNodeID, String reason)
      implements EventPayload {}

  record MessageBroadcast(
      long messageID, String fromUserID, String fromUserName, String message, long sendTime)
      implements EventPayload {}

  /**
   * An egress job (record, hls, rtmp) of one of the room's streams runs; {@code output}: file path
   * or URL.
   */
  record EgressStarted(String jobID, String kind, String streamID, String output)
      implements EventPayload {}

  /** The job ended cleanly (stopped, or its publisher stopped): the file is finalized. */
  record EgressEnded(String jobID, String kind, String streamID, String output, String manifest)
      implements EventPayload {}

  /** The job failed (ffmpeg exited, its egress node was lost); {@code error} says how. */
  record EgressFailed(String jobID, String kind, String streamID, String output, String error)
      implements EventPayload {}

  /** Every payload record by its wire type (the one table of both). */
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
