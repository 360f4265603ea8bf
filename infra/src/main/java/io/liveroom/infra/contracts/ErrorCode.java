package io.liveroom.infra.contracts;

import java.util.HashMap;
import java.util.Map;

/**
 * Every error the system reports, to clients and between services. Event-bus failures carry {@link
 * #code()} as their failure code; the gateway maps it back with {@link #of(int)}. Numbering:
 * 1000xxx request and transport, 1001xxx authentication, 1002xxx rooms and sessions, 1003xxx
 * streams, 1004xxx IM, 1005xxx presence, 1006xxx media.
 */
public enum ErrorCode {
  // request and transport
  BAD_REQUEST(1000001, "bad request"),
  MALFORMED_JSON(1000002, "frame is not a JSON object"),
  UNKNOWN_TYPE(1000003, "unknown request type"),
  INVALID_FIELD(1000004, "missing or invalid field"),
  FRAME_TOO_LARGE(1000005, "frame exceeds the size limit"),
  RATE_LIMITED(1000006, "too many requests"),
  BODY_TOO_LARGE(1000007, "the HTTP request body exceeds the size limit"),
  UNSUPPORTED_MEDIA_TYPE(1000008, "the HTTP request body has the wrong Content-Type"),
  SERVICE_TIMEOUT(1000010, "a service or its store did not answer in time; retry"),
  SERVICE_UNAVAILABLE(
      1000011, "no instance of the service is running, or its store is unavailable; retry"),
  SHUTTING_DOWN(1000012, "this node is shutting down"),
  INTERNAL(1000099, "internal error"),
  // authentication
  TOKEN_MISSING(1001001, "a token is required"),
  TOKEN_MALFORMED(1001002, "the token is not a well-formed JWT"),
  TOKEN_BAD_SIGNATURE(1001003, "the token's signature does not verify"),
  TOKEN_EXPIRED(1001004, "the token has expired"),
  TOKEN_WRONG_USER(1001005, "the token was issued for another userID"),
  TOKEN_WRONG_ROOM(1001006, "the token was issued for another roomID"),
  TOKEN_NO_LOGIN_PRIVILEGE(1001007, "the token does not grant login"),
  TOKEN_NO_PUBLISH_PRIVILEGE(1001008, "the token does not grant publish"),
  TOKEN_STREAM_NOT_ALLOWED(1001009, "the token does not allow this streamID"),
  ADMIN_UNAUTHORIZED(1001010, "admin API needs Authorization: Bearer <admin secret>"),
  // rooms and sessions
  NOT_LOGGED_IN(1002001, "not logged into this room"),
  ROOM_FULL(1002002, "the room is full"),
  TOO_MANY_ROOMS(1002003, "this connection is in too many rooms"),
  ALREADY_IN_ROOM(1002004, "already logged into this room on this connection"),
  ROOM_NOT_FOUND(1002005, "no such room"),
  ROOM_MODE_MISMATCH(1002006, "the room exists with another mode"),
  EXTRA_INFO_TOO_LARGE(1002010, "extra info key or value too large"),
  EXTRA_INFO_TOO_MANY_KEYS(1002011, "too many extra info keys in this room"),
  SESSION_NOT_RESUMABLE(1002020, "the session expired or the resume token is wrong"),
  NOT_P2P_ROOM(1002030, "signaling relay is only for p2p rooms"),
  PEER_NOT_IN_ROOM(1002031, "the peer is not in the room"),
  USER_NOT_IN_ROOM(1002032, "no such user in the room"),
  KICKED_DUPLICATE_LOGIN(1002050, "the same userID logged into this room elsewhere"),
  KICKED_BY_ADMIN(1002055, "kicked out of the room by the server"),
  KICKED_ROOM_CLOSED(1002056, "the room was closed by the server"),
  SESSION_EXPIRED(1002060, "the session was away longer than the reconnect grace period"),
  // streams
  STREAM_ID_TAKEN(1003001, "another publisher holds this streamID"),
  STREAM_NOT_FOUND(1003002, "no such stream"),
  NOT_STREAM_OWNER(1003003, "the stream belongs to another session"),
  TOO_MANY_STREAMS(1003004, "this session publishes too many streams"),
  STREAM_EXTRA_INFO_TOO_LARGE(1003005, "stream extra info too large"),
  STREAM_STOPPED_BY_SERVER(1003010, "the server stopped the stream"),
  PUBLISH_PRIVILEGE_REVOKED(1003011, "the server took the publish privilege away"),
  // IM
  MESSAGE_EMPTY(1004001, "the message is empty"),
  MESSAGE_TOO_LARGE(1004002, "the message exceeds the size limit"),
  BROADCAST_USER_RATE_LIMITED(1004010, "this user sends broadcasts too fast"),
  BROADCAST_ROOM_RATE_LIMITED(1004011, "this room's broadcast rate is exceeded"),
  BARRAGE_USER_RATE_LIMITED(1004012, "this user sends barrage too fast"),
  BARRAGE_THROTTLED(1004013, "the room's barrage budget is exceeded; the message was dropped"),
  COMMAND_USER_RATE_LIMITED(1004014, "this user sends custom commands too fast"),
  COMMAND_ROOM_RATE_LIMITED(1004015, "this room's custom command rate is exceeded"),
  TOO_MANY_RECIPIENTS(1004016, "too many recipients for one custom command"),
  // media node
  INVALID_SDP(1006001, "the SDP offer cannot be parsed or answered"),
  MEDIA_PEER_NOT_FOUND(1006002, "no such media peer on this node"),
  MEDIA_ICE_FAILED(1006010, "ICE connectivity failed"),
  MEDIA_CONNECT_TIMEOUT(1006011, "ICE/DTLS did not connect in time"),
  MEDIA_DTLS_FAILED(1006012, "the DTLS handshake failed or was closed"),
  MEDIA_CONSENT_EXPIRED(1006013, "the peer stopped answering (ICE consent expired)"),
  MEDIA_PUBLISHER_GONE(1006014, "the stream's publisher stopped"),
  MEDIA_UNAVAILABLE(1006020, "no media node is available"),
  MEDIA_NODE_LOST(
      1006021, "the room's media node was lost; publish or play again (the room moved)"),
  MEDIA_NODE_DRAINED(
      1006022, "the room's media node shut down; publish or play again (the room moved)"),
  MEDIA_NODE_FULL(1006023, "the media node is at its player capacity; ask for another node"),
  TOO_MANY_MEDIA_RESOURCES(1006030, "this gateway holds too many WHIP/WHEP resources"),
  // egress
  EGRESS_UNAVAILABLE(1010001, "no egress node is available"),
  EGRESS_JOB_NOT_FOUND(1010002, "no such egress job"),
  EGRESS_TRANSCODE_DISABLED(
      1010003, "this output needs transcoding, which egress.transcode=false refuses"),
  EGRESS_FAILED(1010004, "the egress job failed (ffmpeg did not start or exited)");

  private static final Map<Integer, ErrorCode> BY_CODE = new HashMap<>();

  static {
    for (ErrorCode c : values()) {
      BY_CODE.put(c.code, c);
    }
  }

  private final int code;
  private final String message;

  ErrorCode(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** The code for a numeric value; unknown values map to {@link #INTERNAL}. */
  public static ErrorCode of(int code) {
    return BY_CODE.getOrDefault(code, INTERNAL);
  }

  public ServiceException exception() {
    return new ServiceException(this, message);
  }

  public ServiceException exception(String detail) {
    return new ServiceException(this, detail);
  }
}
